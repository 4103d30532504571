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
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useI18n } from '@/components/i18n';
import { insureeFieldsFor, type ParamField } from '@/lib/calculation/rules';
import type { ContractDetailDto } from '@/lib/contracts/details';
import { paramLabel } from '@/lib/i18n/messages';
import { addDetailAction, removeDetailAction, updateDetailAction } from './actions';

type Bundle = { id: string; code: string; name: string; ruleKeys: string[]; insureeFields?: ParamField[] };
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
  onSaved,
}: {
  contractId: string;
  detail?: ContractDetailDto;
  bundles: Bundle[];
  phInsurees: PhInsuree[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [insureeId, setInsureeId] = useState(detail?.insureeId ?? '');
  const [bundleId, setBundleId] = useState(detail?.bundleId ?? '');
  const [params, setParams] = useState<Record<string, string>>(
    Object.fromEntries(Object.entries(detail?.calculationParams ?? {}).map(([k, v]) => [k, String(v)])),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bundle = bundles.find((b) => b.id === bundleId);
  const fields = bundle?.insureeFields ?? insureeFieldsFor(bundle?.ruleKeys ?? []);
  const bundleLabel = bundle
    ? `${bundle.code} · ${bundle.name}`
    : detail
      ? `${detail.bundleCode} · ${detail.bundleName}`
      : '—';

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
          calculationParams: params,
        })
      : await addDetailAction({ contractId, insureeId, calculationParams: params });
    setBusy(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      if (!r.fieldErrors) setError(r.error);
      return;
    }
    router.refresh();
    onSaved(detail ? t('details.saved') : t('details.added'));
  }
  // Everyone the policy holder declared for the contract's period is on it already: say so.
  const noneLeft = !detail && phInsurees.length === 0;

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="detail-title">
      <DialogTitle id="detail-title">{detail ? t('details.edit') : t('details.add')}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Stack spacing={2} sx={{ pt: 1 }}>
          {detail ? (
            <TextField
              label={t('details.insuree')}
              value={`${detail.insuranceNumber} · ${detail.lastName} ${detail.firstName}`}
              slotProps={{ input: { readOnly: true } }}
            />
          ) : noneLeft ? (
            <Alert severity="info">{t('details.noneAvailable')}</Alert>
          ) : (
            <TextField
              select
              label={t('details.insuree')}
              value={insureeId}
              onChange={(e) => pickInsuree(e.target.value)}
              error={!!errors.insureeId}
              helperText={errors.insureeId?.[0] ?? t('details.declared')}
            >
              {phInsurees.map((p) => (
                <MenuItem key={p.insureeId} value={p.insureeId}>
                  {p.label}
                </MenuItem>
              ))}
            </TextField>
          )}
          {/* The bundle is the policy holder's declaration of the person: shown, never chosen here. */}
          {!noneLeft && (
            <TextField
              label={t('details.bundle')}
              value={bundleLabel}
              variant="filled"
              slotProps={{ input: { readOnly: true } }}
              error={!!errors.bundleId}
              helperText={errors.bundleId?.[0]}
            />
          )}
          {fields.map((f) => (
            <TextField
              key={f.name}
              label={paramLabel(t, f)}
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
          {t('common.cancel')}
        </Button>
        {!noneLeft && (
          <Button variant="contained" loading={busy} onClick={save} disabled={!detail && !insureeId}>
            {detail ? t('common.save') : t('details.addButton')}
          </Button>
        )}
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
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [bundleFilter, setBundleFilter] = useState('');
  const [dir, setDir] = useState<'asc' | 'desc'>('asc');
  const [editing, setEditing] = useState<ContractDetailDto | 'new' | null>(null);
  const [removing, setRemoving] = useState<ContractDetailDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
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
      {notice && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          label={t('details.filter')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          sx={{ maxWidth: 260 }}
        />
        <TextField
          select
          label={t('details.bundleFilter')}
          value={bundleFilter}
          onChange={(e) => setBundleFilter(e.target.value)}
          sx={{ maxWidth: 260 }}
        >
          <MenuItem value="">{t('details.allBundles')}</MenuItem>
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
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
            sx={{ flexShrink: 0 }}
          >
            {t('details.add')}
          </Button>
        )}
      </Stack>
      <TableContainer>
        <Table size="small" aria-label={t('details.table')}>
          <TableHead>
            <TableRow>
              <TableCell sortDirection={dir}>
                <TableSortLabel active direction={dir} onClick={() => setDir(dir === 'asc' ? 'desc' : 'asc')}>
                  {t('details.insuree')}
                </TableSortLabel>
              </TableCell>
              <TableCell>{t('details.colBundle')}</TableCell>
              <TableCell>{t('details.colParams')}</TableCell>
              {canEdit && <TableCell align="right">{t('col.actions')}</TableCell>}
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
                    <IconButton
                      aria-label={t('details.editOne', { name: `${d.lastName} ${d.firstName}` })}
                      onClick={() => setEditing(d)}
                    >
                      <EditIcon fontSize="small" />
                    </IconButton>
                    <IconButton
                      aria-label={t('details.removeOne', { name: `${d.lastName} ${d.firstName}` })}
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
                  {t('details.none')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {editing && (
        <DetailDialog
          contractId={contractId}
          detail={editing === 'new' ? undefined : editing}
          bundles={bundles}
          phInsurees={editing === 'new' ? available : phInsurees}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setNotice(message);
          }}
        />
      )}
      <ConfirmDialog
        open={!!removing}
        title={t('details.removeTitle')}
        message={
          removing ? t('details.removeQuestion', { name: `${removing.lastName} ${removing.firstName}` }) : ''
        }
        confirmLabel={t('details.remove')}
        destructive
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return null;
          const r = await removeDetailAction(contractId, { id: removing.id, version: removing.version });
          if (!r.ok) return r.error;
          router.refresh();
          setNotice(t('details.removed'));
          return null;
        }}
      />
    </>
  );
}
