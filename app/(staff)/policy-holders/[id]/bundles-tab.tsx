'use client';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { BundleDto } from '@/lib/policy-holders/insurees';
import { addPolicyHolderBundleAction, removePolicyHolderBundleAction } from '../actions';

export function BundlesTab({
  policyHolderId,
  bundles,
  allBundles,
  canWrite,
}: {
  policyHolderId: string;
  bundles: BundleDto[];
  allBundles: BundleDto[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const available = allBundles.filter((b) => !bundles.some((x) => x.id === b.id));

  async function act(fn: () => Promise<{ ok: boolean; error?: string }>) {
    setBusy(true);
    setError(null);
    const r = await fn();
    setBusy(false);
    if (!r.ok) setError(r.error ?? 'Failed.');
    else {
      setChoice('');
      router.refresh();
    }
  }

  return (
    <>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      {canWrite && available.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mb: 2, maxWidth: 560 }}>
          <TextField
            select
            label="Bundle to make available"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            {available.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.code} · {b.name}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            disabled={!choice || busy}
            onClick={() => act(() => addPolicyHolderBundleAction({ policyHolderId, bundleId: choice }))}
          >
            Add
          </Button>
        </Stack>
      )}
      <Table size="small" aria-label="Contribution plan bundles">
        <TableHead>
          <TableRow>
            <TableCell>Code</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Periodicity (months)</TableCell>
            {canWrite && <TableCell align="right">Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {bundles.map((b) => (
            <TableRow key={b.id}>
              <TableCell>{b.code}</TableCell>
              <TableCell>{b.name}</TableCell>
              <TableCell>{b.periodicityMonths}</TableCell>
              {canWrite && (
                <TableCell align="right">
                  <IconButton
                    aria-label={`Remove bundle ${b.code}`}
                    disabled={busy}
                    onClick={() =>
                      act(() => removePolicyHolderBundleAction({ policyHolderId, bundleId: b.id }))
                    }
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              )}
            </TableRow>
          ))}
          {bundles.length === 0 && (
            <TableRow>
              <TableCell colSpan={4} sx={{ textAlign: 'center', color: 'text.secondary' }}>
                No bundle available to this policy holder yet.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </>
  );
}
