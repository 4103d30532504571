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
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
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
  const { t } = useI18n();
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const available = allBundles.filter((b) => !bundles.some((x) => x.id === b.id));

  async function act(fn: () => Promise<{ ok: boolean; error?: string }>) {
    setBusy(true);
    setError(null);
    const r = await fn();
    setBusy(false);
    if (!r.ok) setError(r.error ?? t('ph.failed'));
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
            label={t('ph.bundleToAdd')}
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
            {t('ph.addBundle')}
          </Button>
        </Stack>
      )}
      <TableContainer>
        <Table size="small" aria-label="Contribution plan bundles">
          <TableHead>
            <TableRow>
              <TableCell>{t('ph.code')}</TableCell>
              <TableCell>{t('ph.name')}</TableCell>
              <TableCell>{t('ph.periodicity')}</TableCell>
              {canWrite && <TableCell align="right">{t('col.actions')}</TableCell>}
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
                      aria-label={t('ph.removeBundle', { code: b.code })}
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
                  {t('ph.noBundle')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
