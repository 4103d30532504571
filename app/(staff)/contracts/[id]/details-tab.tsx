'use client';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { insureeFieldsFor } from '@/lib/calculation/rules';
import type { ContractDetailDto } from '@/lib/contracts/details';
import { addDetailAction, removeDetailAction, updateDetailAction } from '../actions';

type Bundle = { id: string; code: string; name: string; ruleKeys: string[] };
type PhInsuree = {
  insureeId: string;
  label: string;
  bundleId: string | null;
  calculationParams: Record<string, unknown>;
};

const paramsText = (p: Record<string, unknown>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ') || '—';

function DetailDialog({
  contractId,
  detail,
  bundles,
  phInsurees,
  onClose,
}: {
  contractId: string;
  detail?: ContractDetailDto;
  bundles: Bundle[];
  phInsurees: PhInsuree[];
  onClose: () => void;
}) {
  const router = useRouter();
  const [insureeId, setInsureeId] = useState(detail?.insureeId ?? '');
  const [bundleId, setBundleId] = useState(detail?.bundleId ?? '');
  const [params, setParams] = useState<Record<string, string>>(
    Object.fromEntries(Object.entries(detail?.calculationParams ?? {}).map(([k, v]) => [k, String(v)])),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = insureeFieldsFor(bundles.find((b) => b.id === bundleId)?.ruleKeys ?? []);

  const pickInsuree = (id: string) => {
    setInsureeId(id);
    // The bundle and parameters come from the policy holder's declaration of that person.
    const line = phInsurees.find((p) => p.insureeId === id);
    if (line?.bundleId) setBundleId(line.bundleId);
    if (line)
      setParams(Object.fromEntries(Object.entries(line.calculationParams).map(([k, v]) => [k, String(v)])));
  };

  async function save() {
    setBusy(true);
    setError(null);
    setErrors({});
    const r = detail
      ? await updateDetailAction(contractId, {
          id: detail.id,
          version: detail.version,
          bundleId,
          calculationParams: params,
        })
      : await addDetailAction({
          contractId,
          insureeId,
          bundleId: bundleId || undefined,
          calculationParams: params,
        });
    setBusy(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      if (!r.fieldErrors) setError(r.error);
      return;
    }
    router.refresh();
    onClose();
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="detail-title">
      <DialogTitle id="detail-title">{detail ? 'Edit insured person' : 'Add insured person'}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Stack spacing={2} sx={{ pt: 1 }}>
          {detail ? (
            <TextField
              label="Insuree"
              value={`${detail.insuranceNumber} · ${detail.lastName} ${detail.firstName}`}
              slotProps={{ input: { readOnly: true } }}
            />
          ) : (
            <TextField
              select
              label="Insuree"
              value={insureeId}
              onChange={(e) => pickInsuree(e.target.value)}
              error={!!errors.insureeId}
              helperText={errors.insureeId?.[0] ?? 'The policy holder’s declared insurees'}
            >
              {phInsurees.map((p) => (
                <MenuItem key={p.insureeId} value={p.insureeId}>
                  {p.label}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            select
            label="Contribution plan bundle"
            value={bundleId}
            onChange={(e) => setBundleId(e.target.value)}
            error={!!errors.bundleId}
            helperText={errors.bundleId?.[0]}
          >
            {bundles.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.code} · {b.name}
              </MenuItem>
            ))}
          </TextField>
          {fields.map((f) => (
            <TextField
              key={f.name}
              label={f.label}
              inputMode="decimal"
              value={params[f.name] ?? ''}
              onChange={(e) => setParams((p) => ({ ...p, [f.name]: e.target.value }))}
              error={!!errors[`calculationParams.${f.name}`]}
              helperText={errors[`calculationParams.${f.name}`]?.[0]}
            />
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" loading={busy} onClick={save} disabled={!detail && !insureeId}>
          {detail ? 'Save' : 'Add'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function DetailsTab({
  contractId,
  details,
  bundles,
  phInsurees,
  canEdit,
}: {
  contractId: string;
  details: ContractDetailDto[];
  bundles: Bundle[];
  phInsurees: PhInsuree[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [q, setQ] = useState('');
  const [bundleFilter, setBundleFilter] = useState('');
  const [dir, setDir] = useState<'asc' | 'desc'>('asc');
  const [editing, setEditing] = useState<ContractDetailDto | 'new' | null>(null);
  const [removing, setRemoving] = useState<ContractDetailDto | null>(null);
  const rows = useMemo(() => {
    const term = q.trim().toLowerCase();
    const out = details.filter(
      (d) =>
        (!term || `${d.insuranceNumber} ${d.lastName} ${d.firstName}`.toLowerCase().includes(term)) &&
        (!bundleFilter || d.bundleId === bundleFilter),
    );
    out.sort(
      (a, b) =>
        `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`) *
        (dir === 'asc' ? 1 : -1),
    );
    return out;
  }, [details, q, bundleFilter, dir]);
  const available = phInsurees.filter((p) => !details.some((d) => d.insureeId === p.insureeId));

  return (
    <>
      <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField
          label="Filter by insuree"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          sx={{ maxWidth: 260 }}
        />
        <TextField
          select
          label="Bundle"
          value={bundleFilter}
          onChange={(e) => setBundleFilter(e.target.value)}
          sx={{ maxWidth: 260 }}
        >
          <MenuItem value="">All bundles</MenuItem>
          {bundles.map((b) => (
            <MenuItem key={b.id} value={b.id}>
              {b.code}
            </MenuItem>
          ))}
        </TextField>
        {canEdit && (
          <Button
            startIcon={<AddIcon />}
            variant="outlined"
            onClick={() => setEditing('new')}
            sx={{ flexShrink: 0 }}
          >
            Add insured person
          </Button>
        )}
      </Stack>
      <Table size="small" aria-label="Contract details">
        <TableHead>
          <TableRow>
            <TableCell sortDirection={dir}>
              <TableSortLabel active direction={dir} onClick={() => setDir(dir === 'asc' ? 'desc' : 'asc')}>
                Insuree
              </TableSortLabel>
            </TableCell>
            <TableCell>Bundle</TableCell>
            <TableCell>Calculation parameters</TableCell>
            {canEdit && <TableCell align="right">Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((d) => (
            <TableRow key={d.id} hover>
              <TableCell>
                {d.insuranceNumber} · {d.lastName} {d.firstName}
              </TableCell>
              <TableCell>{d.bundleCode}</TableCell>
              <TableCell>{paramsText(d.calculationParams)}</TableCell>
              {canEdit && (
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <IconButton aria-label={`Edit ${d.lastName} ${d.firstName}`} onClick={() => setEditing(d)}>
                    <EditIcon fontSize="small" />
                  </IconButton>
                  <IconButton
                    aria-label={`Remove ${d.lastName} ${d.firstName}`}
                    onClick={() => setRemoving(d)}
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              )}
            </TableRow>
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={4} sx={{ textAlign: 'center', color: 'text.secondary' }}>
                No insured person.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {editing && (
        <DetailDialog
          contractId={contractId}
          detail={editing === 'new' ? undefined : editing}
          bundles={bundles}
          phInsurees={editing === 'new' ? available : phInsurees}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={!!removing}
        title="Remove insured person"
        message={removing ? `Remove ${removing.lastName} ${removing.firstName} from this contract?` : ''}
        confirmLabel="Remove"
        destructive
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return null;
          const r = await removeDetailAction(contractId, { id: removing.id, version: removing.version });
          if (!r.ok) return r.error;
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
