import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { UrlPagination } from '@/components/url-pagination';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listOutbox, OUTBOX_STATUSES } from '@/lib/notifications/outbox';
import { RetryButton } from './retry-button';

export const metadata: Metadata = { title: 'E-mail outbox' };

// Dark enough for white text at 4.5:1 (WCAG AA).
const COLOR: Record<string, string> = {
  pending: '#01579b',
  sent: '#1b5e20',
  failed: '#b71c1c',
  undeliverable: '#7a4100',
};

/** Every notification with its rendered message, status, attempts and last error (issue: e-mail outbox). */
export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('admin.outbox');
  const { t, locale } = await getTranslator();
  const q = await searchParams;
  const result = await listOutbox(getDb(), actor, q);
  const transport = !!process.env.RESEND_API_KEY?.trim();
  return (
    <>
      <PageHeader title={t('outbox.title')} />
      <Alert severity={transport ? 'success' : 'info'} sx={{ mb: 2 }}>
        {transport ? t('outbox.transport') : t('outbox.noTransport')}
      </Alert>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Stack
          component="form"
          method="get"
          role="search"
          aria-label={t('outbox.title')}
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
        >
          <TextField
            name="q"
            label={t('outbox.search')}
            defaultValue={q.q ?? ''}
            size="small"
            sx={{ minWidth: 280 }}
          />
          <TextField
            select
            name="status"
            label={t('outbox.status')}
            defaultValue={q.status ?? ''}
            size="small"
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">{t('outbox.anyStatus')}</MenuItem>
            {OUTBOX_STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </MenuItem>
            ))}
          </TextField>
          <Button type="submit" variant="contained" sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
            {t('common.search')}
          </Button>
          <LinkButton href="/admin/outbox" sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
            {t('common.reset')}
          </LinkButton>
        </Stack>
      </Paper>
      <Paper variant="outlined">
        <Typography role="status" sx={{ px: 2, pt: 1 }}>
          {t('outbox.found', { count: result.total })}
        </Typography>
        <TableContainer>
          <Table size="small" aria-label={t('outbox.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('outbox.created')}</TableCell>
                <TableCell>{t('outbox.event')}</TableCell>
                <TableCell>{t('col.code')}</TableCell>
                <TableCell>{t('outbox.recipient')}</TableCell>
                <TableCell sx={{ minWidth: 380 }}>{t('outbox.subject')}</TableCell>
                <TableCell>{t('outbox.status')}</TableCell>
                <TableCell align="right">{t('outbox.attempts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((m) => (
                <TableRow key={m.id} data-testid="outbox-row" sx={{ verticalAlign: 'top' }}>
                  <TableCell>{formatDateTime(m.createdAt, locale)}</TableCell>
                  <TableCell>{m.event}</TableCell>
                  <TableCell>
                    {m.contractId && m.contractCode ? (
                      <AppLink href={`/contracts/${m.contractId}`}>{m.contractCode}</AppLink>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    {m.recipient ?? t('outbox.noRecipient')}
                  </TableCell>
                  <TableCell>
                    {/* A native disclosure: the message opens without any script, and keyboard users get it free. */}
                    <details>
                      <summary>
                        {m.subject} <small lang={m.language}>({m.language})</small>
                      </summary>
                      <Typography
                        component="pre"
                        lang={m.language}
                        sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', mt: 1, mb: 0 }}
                      >
                        {m.body}
                      </Typography>
                    </details>
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      sx={{ bgcolor: COLOR[m.status] ?? '#424242', color: '#fff' }}
                      label={t(`status.${m.status}` as MessageKey)}
                    />
                    {m.lastError && (
                      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                        {t('outbox.lastError')}: {localize(m.lastError, locale)}
                      </Typography>
                    )}
                    {m.status === 'pending' && m.attempts > 0 && (
                      <Typography variant="body2" color="text.secondary">
                        {t('outbox.nextAttempt')}: {formatDateTime(m.nextAttemptAt, locale)}
                      </Typography>
                    )}
                    {m.sentAt && (
                      <Typography variant="body2" color="text.secondary">
                        {t('outbox.sentAt')}: {formatDateTime(m.sentAt, locale)}
                      </Typography>
                    )}
                    {m.status === 'failed' && <RetryButton id={m.id} />}
                  </TableCell>
                  <TableCell align="right">{m.attempts}</TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={7}>{t('outbox.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
