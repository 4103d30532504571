import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';
import { formatDate, formatDateTime } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { getJob } from '@/lib/jobs/jobs';
import { isActive, jobState } from '@/lib/jobs/states';
import { isUuid } from '@/lib/validation/common';
import { JobBar, JobButtons, LiveRefresh } from '../job-progress';

export const metadata: Metadata = { title: 'Job' };

/** One job: what, who, parameters, state, progress (n of N, rate, time left), failures; cancel/retry. */
export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const job = await getJob(getDb(), actor, id).catch((e) => {
    // Someone else's job is not found, rather than forbidden: its existence is not theirs to know.
    if (isDomainError(e) && (e.code === 'not_found' || e.code === 'forbidden')) notFound();
    throw e;
  });
  const kind = t(`jobs.kind.${job.kind}` as MessageKey);
  const worked = job.done + job.failed;
  const active = isActive(job.state);
  // What the job was started with, in words: the day billed up to, the comment; ids stay out.
  const label: Record<string, MessageKey> = { upTo: 'runs.upTo', comment: 'bulk.comment' };
  const params_ = Object.entries(job.params)
    .filter(([k, v]) => label[k] && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [t(label[k]!), k === 'upTo' ? formatDate(String(v), locale) : String(v)] as const);
  return (
    <>
      <PageHeader
        title={kind}
        subtitle={t('jobs.startedByOn', {
          name: job.createdByName,
          at: formatDateTime(job.createdAt, locale),
        })}
      />
      <LiveRefresh active={active} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Stack spacing={1}>
          <Typography role="status">
            {t(`jobs.state.${jobState(job.state)}` as MessageKey)} ·{' '}
            {t('jobs.progress', { done: worked, total: job.total })}
            {job.failed ? ` · ${t('jobs.failedCount', { count: job.failed })}` : ''}
          </Typography>
          <JobBar done={worked} total={job.total} label={t('jobs.progressOf', { kind })} />
          <Typography variant="body2" color="text.secondary">
            {job.rate !== null && t('jobs.rate', { rate: Math.round(job.rate) })}
            {active && job.secondsLeft !== null && ` · ${t('jobs.left', { seconds: job.secondsLeft })}`}
            {job.finishedAt && ` · ${t('jobs.finished', { at: formatDateTime(job.finishedAt, locale) })}`}
          </Typography>
          {job.cancelRequested && active && <Alert severity="info">{t('jobs.cancelling')}</Alert>}
          {job.error && <Alert severity="error">{localize(job.error, locale)}</Alert>}
          {params_.length > 0 && (
            <Typography variant="body2">
              {t('jobs.params')}: {params_.map(([k, v]) => `${k} ${v}`).join(' · ')}
            </Typography>
          )}
          <JobButtons
            id={job.id}
            active={active}
            retryable={!active && (job.failed > 0 || job.state !== 'done')}
          />
        </Stack>
      </Paper>
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('runs.failures')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('jobs.item')}</TableCell>
                <TableCell>{t('jobs.reason')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {job.failures.map((f) => (
                <TableRow key={f.id}>
                  <TableCell>
                    <AppLink href={`/contracts/${f.id}`}>{f.label ?? f.id}</AppLink>
                  </TableCell>
                  <TableCell>{f.error && localize(f.error, locale)}</TableCell>
                </TableRow>
              ))}
              {job.failures.length === 0 && <EmptyRow colSpan={2}>{t('jobs.noFailures')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
