import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listJobs } from '@/lib/jobs/jobs';
import { isActive, jobState } from '@/lib/jobs/states';
import { JobBar, LiveRefresh } from './job-progress';

export const metadata: Metadata = { title: 'Jobs' };

/** Background jobs: bulk actions and billing runs, with their progress (operators see everyone's). */
export default async function JobsPage() {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const jobs = await listJobs(getDb(), actor);
  return (
    <>
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.subtitle')} />
      <LiveRefresh active={jobs.some((j) => isActive(j.state))} />
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('jobs.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('jobs.kindLabel')}</TableCell>
                <TableCell>{t('jobs.startedBy')}</TableCell>
                <TableCell>{t('jobs.created')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
                <TableCell sx={{ minWidth: 200 }}>{t('runs.progress')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {jobs.map((j) => (
                <TableRow key={j.id}>
                  <TableCell>
                    <AppLink href={`/admin/jobs/${j.id}`}>{t(`jobs.kind.${j.kind}` as MessageKey)}</AppLink>
                  </TableCell>
                  <TableCell>{j.createdByName}</TableCell>
                  <TableCell>{formatDateTime(j.createdAt, locale)}</TableCell>
                  <TableCell>{t(`jobs.state.${jobState(j.state)}` as MessageKey)}</TableCell>
                  <TableCell>
                    <JobBar
                      done={j.done + j.failed}
                      total={j.total}
                      label={t('jobs.progressOf', { kind: t(`jobs.kind.${j.kind}` as MessageKey) })}
                    />
                    {t('jobs.progress', { done: j.done + j.failed, total: j.total })}
                    {j.failed ? ` · ${t('jobs.failedCount', { count: j.failed })}` : ''}
                  </TableCell>
                </TableRow>
              ))}
              {jobs.length === 0 && <EmptyRow colSpan={5}>{t('jobs.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
