import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { UrlPagination } from '@/components/url-pagination';
import { getDb } from '@/db/client';
import { WEBHOOK_EVENTS } from '@/db/schema/data-exchange';
import { requireStaffPage } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listWebhookDeliveries, listWebhookEndpoints } from '@/lib/webhooks/endpoints';
import { EndpointForm } from './endpoint-form';
import { EndpointActions, RedeliverButton } from './row-actions';

export const metadata: Metadata = { title: 'Webhooks' };

// Dark enough for white text at 4.5:1 (WCAG AA).
const COLOR: Record<string, string> = { pending: '#01579b', sent: '#1b5e20', failed: '#b71c1c' };

/** Partners' endpoints and the delivery log with every attempt and "Send again" (issue 16). */
export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('admin.webhooks');
  const { t, locale } = await getTranslator();
  const q = await searchParams;
  const db = getDb();
  const [endpoints, deliveries] = await Promise.all([
    listWebhookEndpoints(db, actor),
    listWebhookDeliveries(db, actor, q),
  ]);
  return (
    <>
      <PageHeader title={t('webhooks.title')} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {t('webhooks.help')}
        </Typography>
        <EndpointForm events={WEBHOOK_EVENTS} />
      </Paper>
      <Paper variant="outlined" sx={{ mb: 2 }}>
        <TableContainer>
          <Table size="small" aria-label={t('webhooks.endpoints')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('webhooks.url')}</TableCell>
                <TableCell>{t('webhooks.events')}</TableCell>
                <TableCell>{t('webhooks.state')}</TableCell>
                <TableCell align="right">{t('status.pending')}</TableCell>
                <TableCell align="right">{t('status.failed')}</TableCell>
                <TableCell align="right">{t('col.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {endpoints.map((e) => (
                <TableRow key={e.id}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    <AppLink href={`/admin/webhooks?endpointId=${e.id}`}>{e.url}</AppLink>
                    {e.description && (
                      <Typography variant="body2" color="text.secondary">
                        {e.description}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{e.events.join(', ')}</TableCell>
                  <TableCell>{e.isActive ? t('webhooks.active') : t('webhooks.inactive')}</TableCell>
                  <TableCell align="right">{e.pending}</TableCell>
                  <TableCell align="right">{e.failed}</TableCell>
                  <TableCell align="right">
                    <EndpointActions endpoint={e} />
                  </TableCell>
                </TableRow>
              ))}
              {endpoints.length === 0 && <EmptyRow colSpan={6}>{t('webhooks.noEndpoint')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
      <Paper variant="outlined">
        <Typography variant="h6" component="h2" sx={{ px: 2, pt: 1 }}>
          {t('webhooks.log')}
        </Typography>
        <Typography role="status" sx={{ px: 2 }}>
          {t('webhooks.found', { count: deliveries.total })}
        </Typography>
        <TableContainer>
          <Table size="small" aria-label={t('webhooks.log')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('outbox.created')}</TableCell>
                <TableCell>{t('outbox.event')}</TableCell>
                <TableCell>{t('webhooks.url')}</TableCell>
                <TableCell sx={{ minWidth: 320 }}>{t('webhooks.attemptsLog')}</TableCell>
                <TableCell>{t('outbox.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {deliveries.items.map((d) => (
                <TableRow key={d.id} data-testid="webhook-delivery" sx={{ verticalAlign: 'top' }}>
                  <TableCell>{formatDateTime(d.createdAt, locale)}</TableCell>
                  <TableCell>{d.event}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{d.url}</TableCell>
                  <TableCell>
                    <details>
                      <summary>
                        {t('outbox.attempts')}: {d.attempts}
                        {d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ''}
                      </summary>
                      <ul>
                        {d.log.map((l) => (
                          <li key={l.at.toISOString()}>
                            {formatDateTime(l.at, locale)} · {l.statusCode ? `HTTP ${l.statusCode}` : '—'} ·{' '}
                            {/* i18n-plain: the receiver's answer or the transport's error, as they said it */}
                            {l.durationMs} ms{l.error ? ` · ${l.error}` : ''}
                          </li>
                        ))}
                      </ul>
                      <Typography component="pre" sx={{ whiteSpace: 'pre-wrap', fontSize: 12, m: 0 }}>
                        {JSON.stringify(d.payload, null, 2)}
                      </Typography>
                    </details>
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      sx={{ bgcolor: COLOR[d.status] ?? '#424242', color: '#fff' }}
                      label={t(`status.${d.status}` as MessageKey)}
                    />
                    {d.lastError && (
                      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                        {t('outbox.lastError')}: {localize(d.lastError, locale)}
                      </Typography>
                    )}
                    {d.status === 'pending' && d.attempts > 0 && (
                      <Typography variant="body2" color="text.secondary">
                        {t('outbox.nextAttempt')}: {formatDateTime(d.nextAttemptAt, locale)}
                      </Typography>
                    )}
                    <RedeliverButton id={d.id} />
                  </TableCell>
                </TableRow>
              ))}
              {deliveries.items.length === 0 && <EmptyRow colSpan={5}>{t('webhooks.noDelivery')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={deliveries.total} page={deliveries.page} pageSize={deliveries.pageSize} />
      </Paper>
    </>
  );
}
