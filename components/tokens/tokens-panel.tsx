'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyRow } from '@/components/empty-row';
import { useI18n } from '@/components/i18n';
import { createTokenAction, revokeTokenAction } from './actions';
import type { TokenRow } from './rows';

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** API tokens: create one (shown once), see when each was used, revoke. */
export function TokensPanel({ tokens, canCreate }: { tokens: TokenRow[]; canCreate: boolean }) {
  const router = useRouter();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ token: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const now = new Date().toISOString();
  const status = (r: TokenRow) =>
    r.revokedAt ? 'revoked' : r.expiresAt < now ? 'expired' : ('active' as 'revoked' | 'expired' | 'active');
  const showOwner = tokens.some((r) => r.userEmail);
  return (
    <Stack spacing={2}>
      {canCreate && (
        <Stack
          component="form"
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            const r = await createTokenAction(name.trim());
            if (!r.ok) return setError(r.error);
            setCreated(r.data);
            setName('');
            router.refresh();
          }}
        >
          <TextField
            label={t('tok.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            sx={{ maxWidth: 360 }}
          />
          <Button type="submit" variant="contained" sx={{ whiteSpace: 'nowrap' }}>
            {t('tok.create')}
          </Button>
        </Stack>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {created && (
        <Alert severity="success" onClose={() => setCreated(null)}>
          <Typography>{t('tok.once')}</Typography>
          <Typography
            component="code"
            sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
            data-testid="new-token"
          >
            {created.token}
          </Typography>
        </Alert>
      )}
      <TableContainer>
        <Table size="small" aria-label={t('tok.title')}>
          <TableHead>
            <TableRow>
              {showOwner && <TableCell>{t('tok.owner')}</TableCell>}
              <TableCell>{t('tok.name')}</TableCell>
              <TableCell>{t('tok.prefix')}</TableCell>
              <TableCell>{t('tok.created')}</TableCell>
              <TableCell>{t('tok.expires')}</TableCell>
              <TableCell>{t('tok.lastUsed')}</TableCell>
              <TableCell>{t('tok.status')}</TableCell>
              <TableCell align="right">{t('col.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tokens.map((r) => (
              <TableRow key={r.id}>
                {showOwner && <TableCell>{r.userEmail}</TableCell>}
                <TableCell>{r.name}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{r.prefix}…</TableCell>
                <TableCell>{day(r.createdAt)}</TableCell>
                <TableCell>{day(r.expiresAt)}</TableCell>
                <TableCell>{day(r.lastUsedAt)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`tok.${status(r)}`)}
                    color={status(r) === 'active' ? 'success' : 'default'}
                  />
                </TableCell>
                <TableCell align="right">
                  {status(r) === 'active' && (
                    <Button size="small" color="error" onClick={() => setRevoking(r)}>
                      {t('tok.revoke')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {tokens.length === 0 && <EmptyRow colSpan={showOwner ? 8 : 7}>{t('tok.none')}</EmptyRow>}
          </TableBody>
        </Table>
      </TableContainer>
      {revoking && (
        <ConfirmDialog
          open
          title={t('tok.revoke')}
          message={t('tok.revokeText', { name: revoking.name, prefix: revoking.prefix })}
          confirmLabel={t('tok.revoke')}
          destructive
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const r = await revokeTokenAction(revoking.id);
            if (!r.ok) return r.error;
            setRevoking(null);
            router.refresh();
            return null;
          }}
        />
      )}
    </Stack>
  );
}
