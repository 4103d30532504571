import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
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
import { earliestCollectionDate, listCollectionRuns } from '@/lib/collection/runs';
import { findCollectionSettings } from '@/lib/collection/settings';
import { formatDate, formatMoney } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { jobState } from '@/lib/jobs/states';
import { CollectionRunForm } from './collection-run-form';

export const metadata: Metadata = { title: 'Direct debit collections' };

export default async function CollectionsPage() {
  const actor = await requireStaffPage('collection.manage');
  const { t, locale } = await getTranslator();
  const db = getDb();
  const [settings, runs] = await Promise.all([findCollectionSettings(db), listCollectionRuns(db, actor)]);
  return (
    <>
      <PageHeader title={t('coll.title')} subtitle={t('coll.subtitle')} />
      <Stack direction="row" spacing={2} sx={{ mb: 2 }} component="nav" aria-label={t('coll.title')}>
        <AppLink href="/admin/collection-settings">{t('coll.settings')}</AppLink>
        <AppLink href="/billing/reconciliation">{t('recon.title')}</AppLink>
      </Stack>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        {settings ? (
          <CollectionRunForm earliest={earliestCollectionDate(settings.preNotificationDays)} />
        ) : (
          <Alert severity="warning">
            {t('coll.settingsMissing')}{' '}
            <AppLink href="/admin/collection-settings">{t('coll.settings')}</AppLink>
          </Alert>
        )}
      </Paper>
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('coll.runs')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('coll.created')}</TableCell>
                <TableCell>{t('coll.date')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
                <TableCell align="right">{t('coll.items')}</TableCell>
                <TableCell align="right">{t('coll.amount')}</TableCell>
                <TableCell>{t('coll.files')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</TableCell>
                  <TableCell>{formatDate(r.collectionDate, locale)}</TableCell>
                  <TableCell>
                    {r.jobId ? (
                      <AppLink href={`/admin/jobs/${r.jobId}`}>
                        {t(`jobs.state.${jobState(r.state)}` as MessageKey)}
                      </AppLink>
                    ) : (
                      t(`jobs.state.${jobState(r.state)}` as MessageKey)
                    )}
                  </TableCell>
                  <TableCell align="right">{r.items}</TableCell>
                  <TableCell align="right">{formatMoney(r.amount, locale)}</TableCell>
                  <TableCell>
                    <Stack spacing={0.5}>
                      {r.files.map((f) => (
                        <a key={f.id} href={`/billing/collections/files/${f.id}`} download>
                          {t('coll.download', {
                            scheme: f.scheme,
                            sequence: f.sequence,
                            transactions: f.transactions,
                          })}{' '}
                          · {formatMoney(f.controlSum, locale)}
                        </a>
                      ))}
                      {r.files.length === 0 && '—'}
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
              {runs.length === 0 && <EmptyRow colSpan={6}>{t('coll.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
