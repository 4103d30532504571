'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
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
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';
import { formatDateTime } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { createShareLinkAction, revokeShareLinkAction } from './actions';

type Option = { id: string; label: string };
type Link = {
  id: string;
  kind: 'contract' | 'attachment' | 'invoice';
  target: string;
  recipientEmail: string | null;
  expiresAt: string;
  status: 'active' | 'expired' | 'revoked';
  createdByName: string;
  accessCount: number;
  accesses: { at: string; outcome: string; email: string | null; ip: string | null }[];
};

const STATUS_COLOR = { active: 'success', expired: 'default', revoked: 'warning' } as const;

export function SharePanel({
  contractId,
  canCreate,
  files,
  invoices,
  links,
}: {
  contractId: string;
  canCreate: boolean;
  files: Option[];
  invoices: Option[];
  links: Link[];
}) {
  const { t, locale } = useI18n();
  const notify = useFeedback();
  const router = useRouter();
  const [kind, setKind] = useState<Link['kind']>('contract');
  const [target, setTarget] = useState('');
  const [validFor, setValidFor] = useState('7');
  const [unit, setUnit] = useState<'minutes' | 'hours' | 'days'>('days');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string[]> } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Link | null>(null);
  const options = kind === 'attachment' ? files : kind === 'invoice' ? invoices : [];

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await createShareLinkAction({
      contractId,
      kind,
      validFor,
      unit,
      recipientEmail: email,
      ...(kind === 'attachment' ? { attachmentId: target || undefined } : {}),
      ...(kind === 'invoice' ? { invoiceId: target || undefined } : {}),
    });
    setBusy(false);
    if (!res.ok) {
      setError({ message: res.error, fields: res.fieldErrors });
      return;
    }
    setCreated(res.data.url);
    setEmail('');
    router.refresh();
  }

  return (
    <Stack spacing={2} sx={{ pt: 2 }}>
      <Typography variant="h6" component="h2">
        {t('share.title')}
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {t('share.intro')}
      </Typography>
      {canCreate && (
        <form onSubmit={create} aria-label={t('share.create')}>
          <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <TextField
              select
              label={t('share.what')}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Link['kind']);
                setTarget('');
              }}
              size="small"
              sx={{ minWidth: 200 }}
            >
              {(['contract', 'attachment', 'invoice'] as const).map((k) => (
                <MenuItem key={k} value={k}>
                  {t(`share.kind.${k}` as MessageKey)}
                </MenuItem>
              ))}
            </TextField>
            {kind !== 'contract' && (
              <TextField
                select
                label={t(kind === 'attachment' ? 'share.file' : 'share.invoice')}
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                size="small"
                sx={{ minWidth: 200 }}
                error={!options.length}
                helperText={
                  options.length ? undefined : t(kind === 'attachment' ? 'share.noFile' : 'share.noInvoice')
                }
              >
                {options.map((o) => (
                  <MenuItem key={o.id} value={o.id}>
                    {o.label}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              label={t('share.validFor')}
              type="number"
              value={validFor}
              onChange={(e) => setValidFor(e.target.value)}
              size="small"
              sx={{ width: 120, flexShrink: 0 }}
              slotProps={{ htmlInput: { min: 1 } }}
              error={!!error?.fields?.validFor}
              helperText={error?.fields?.validFor?.[0]}
            />
            <TextField
              select
              label={t('share.unitLabel')}
              value={unit}
              onChange={(e) => setUnit(e.target.value as typeof unit)}
              size="small"
              sx={{ minWidth: 120 }}
            >
              {(['minutes', 'hours', 'days'] as const).map((u) => (
                <MenuItem key={u} value={u}>
                  {t(`share.unit.${u}` as MessageKey)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('share.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              size="small"
              sx={{ minWidth: 260, flex: '1 1 260px' }}
              error={!!error?.fields?.recipientEmail}
              helperText={error?.fields?.recipientEmail?.[0] ?? t('share.emailHelp')}
            />
            <Button
              type="submit"
              variant="contained"
              loading={busy}
              sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
            >
              {t('share.create')}
            </Button>
          </Stack>
        </form>
      )}
      {/* i18n-plain: an action's error, rendered in the reader's language by runAction */}
      {error && !error.fields && <Alert severity="error">{error.message}</Alert>}
      {created && (
        <Alert severity="success" role="status">
          <Stack spacing={1}>
            <span>{t('share.created')}</span>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <TextField
                label={t('share.url')}
                value={created}
                size="small"
                fullWidth
                slotProps={{ htmlInput: { readOnly: true } }}
                onFocus={(e) => e.target.select()}
              />
              <Button
                variant="outlined"
                onClick={async () => {
                  await navigator.clipboard?.writeText(created).catch(() => undefined);
                  notify({ severity: 'success', message: t('share.copied') });
                }}
              >
                {t('share.copy')}
              </Button>
            </Stack>
          </Stack>
        </Alert>
      )}
      <TableContainer sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={t('share.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('share.target')}</TableCell>
              <TableCell>{t('share.recipient')}</TableCell>
              <TableCell>{t('share.expires')}</TableCell>
              <TableCell>{t('share.statusLabel')}</TableCell>
              <TableCell>{t('share.accesses')}</TableCell>
              <TableCell>{t('share.createdBy')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {!links.length && (
              <TableRow>
                <TableCell colSpan={7}>{t('share.none')}</TableCell>
              </TableRow>
            )}
            {links.map((l) => (
              <TableRow key={l.id} data-testid="share-link-row">
                <TableCell>
                  {t(`share.kind.${l.kind}` as MessageKey)}
                  {l.kind !== 'contract' && `: ${l.target}`}
                </TableCell>
                <TableCell>{l.recipientEmail ?? t('share.anyone')}</TableCell>
                <TableCell>{formatDateTime(new Date(l.expiresAt), locale)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={STATUS_COLOR[l.status]}
                    label={t(`share.status.${l.status}` as MessageKey)}
                  />
                </TableCell>
                <TableCell>
                  <strong>{l.accessCount}</strong>
                  {l.accesses.length > 0 && (
                    <Typography
                      component="ul"
                      variant="caption"
                      sx={{ m: 0, pl: 2, color: 'text.secondary' }}
                    >
                      {l.accesses.map((a) => (
                        <li key={`${a.at}-${a.outcome}`}>
                          {formatDateTime(new Date(a.at), locale)} ·{' '}
                          {t(`share.outcome.${a.outcome}` as MessageKey)} · {a.ip ?? '?'}
                          {a.email ? ` · ${a.email}` : ''}
                        </li>
                      ))}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{l.createdByName}</TableCell>
                <TableCell>
                  {l.status === 'active' && (
                    <Button size="small" color="error" onClick={() => setRevoking(l)}>
                      {t('share.revoke')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={!!revoking}
        title={t('share.revokeTitle')}
        message={t('share.revokeBody')}
        confirmLabel={t('share.revoke')}
        destructive
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const res = await revokeShareLinkAction({ id: revoking!.id });
          if (!res.ok) return res.error;
          notify({ severity: 'success', message: t('share.revoked') });
          router.refresh();
          return null;
        }}
      />
    </Stack>
  );
}
