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
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { BANK_LINE_STATES, listBankLines } from '@/lib/bank/reconciliation';
import { formatDate, formatMoney } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { StatementImportForm } from './import-form';
import { ReconciliationQueue } from './queue';

export const metadata: Metadata = { title: 'Bank reconciliation' };

export default async function ReconciliationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('collection.manage');
  const { t, locale } = await getTranslator();
  const query = await searchParams;
  const shown =
    typeof query.state === 'string' &&
    query.state !== 'unmatched' &&
    (BANK_LINE_STATES as readonly string[]).includes(query.state)
      ? query.state
      : 'settled';
  const db = getDb();
  const [queue, handled] = await Promise.all([
    listBankLines(db, actor, { state: 'unmatched' }),
    listBankLines(db, actor, { state: shown, limit: 100 }),
  ]);
  return (
    <>
      <PageHeader title={t('recon.title')} subtitle={t('recon.subtitle')} />
      <Typography sx={{ mb: 2 }}>
        <AppLink href="/billing/collections">{t('coll.title')}</AppLink>
      </Typography>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <StatementImportForm />
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('recon.queue')}
        </Typography>
        <ReconciliationQueue lines={queue} />
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('recon.handled')}
        </Typography>
        <Stack
          direction="row"
          spacing={2}
          sx={{ mb: 1, flexWrap: 'wrap' }}
          component="nav"
          aria-label={t('recon.handled')}
        >
          {BANK_LINE_STATES.filter((s) => s !== 'unmatched').map((s) => (
            <AppLink
              key={s}
              href={`?state=${s}`}
              aria-current={s === shown ? 'page' : undefined}
              sx={{ fontWeight: s === shown ? 700 : 400 }}
            >
              {t(`recon.state.${s}` as MessageKey)}
            </AppLink>
          ))}
        </Stack>
        <TableContainer>
          <Table size="small" aria-label={t(`recon.state.${shown}` as MessageKey)}>
            <TableHead>
              <TableRow>
                <TableCell>{t('recon.bookedOn')}</TableCell>
                <TableCell align="right">{t('recon.amount')}</TableCell>
                <TableCell>{t('recon.counterparty')}</TableCell>
                <TableCell>{t('recon.reference')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {handled.map((l) => (
                <TableRow key={l.id}>
                  <TableCell>{formatDate(l.bookedOn, locale)}</TableCell>
                  <TableCell align="right">
                    {l.direction === 'debit' ? '−' : ''}
                    {formatMoney(l.amount, locale)}
                  </TableCell>
                  <TableCell>{l.counterparty ?? '—'}</TableCell>
                  <TableCell>
                    {[l.reference, l.endToEndId, l.returnReason, l.note && localize(l.note, locale)]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </TableCell>
                </TableRow>
              ))}
              {handled.length === 0 && <EmptyRow colSpan={4}>—</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
