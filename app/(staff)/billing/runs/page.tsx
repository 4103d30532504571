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
import { RegisterLinks } from '@/components/register-links';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { listBillingRuns } from '@/lib/billing/runs';
import { formatDate, formatMoney } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { jobState } from '@/lib/jobs/states';
import { BillingRunForm } from './billing-run-form';

export const metadata: Metadata = { title: 'Billing runs' };

export default async function BillingRunsPage() {
  const actor = await requireStaffPage('invoice.create');
  const { t, locale } = await getTranslator();
  const runs = await listBillingRuns(getDb(), actor);
  return (
    <>
      <PageHeader title={t('runs.title')} subtitle={t('runs.subtitle')} />
      <RegisterLinks current="runs" t={t} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <BillingRunForm today={new Date().toISOString().slice(0, 10)} />
      </Paper>
      {can(actor, 'payment.record') && (
        <Typography sx={{ mb: 2 }}>
          <a
            href={`/billing/journal?from=${new Date().getUTCFullYear()}-01-01&to=${new Date().getUTCFullYear()}-12-31`}
            download
          >
            {t('acct.journal')} {new Date().getUTCFullYear()}
          </a>
        </Typography>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('runs.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('runs.started')}</TableCell>
                <TableCell>{t('runs.upTo')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
                <TableCell align="right">{t('runs.progress')}</TableCell>
                <TableCell align="right">{t('reg.invoices')}</TableCell>
                <TableCell align="right">{t('reg.total')}</TableCell>
                <TableCell>{t('runs.failures')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</TableCell>
                  <TableCell>{formatDate(r.upTo, locale)}</TableCell>
                  <TableCell>
                    {r.jobId ? (
                      <AppLink href={`/admin/jobs/${r.jobId}`}>
                        {t(`jobs.state.${jobState(r.state)}` as MessageKey)}
                      </AppLink>
                    ) : (
                      t(`jobs.state.${jobState(r.state)}` as MessageKey)
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {r.done} / {r.total}
                  </TableCell>
                  <TableCell align="right">{r.invoices}</TableCell>
                  <TableCell align="right">{formatMoney(r.amount, locale)}</TableCell>
                  <TableCell>
                    {r.failures.length
                      ? r.failures
                          .slice(0, 3)
                          .map((f) => (f.error ? localize(f.error, locale) : ''))
                          .join(' · ')
                      : '—'}
                  </TableCell>
                </TableRow>
              ))}
              {runs.length === 0 && <EmptyRow colSpan={7}>{t('runs.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
