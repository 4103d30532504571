import Alert from '@mui/material/Alert';
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
import { RegisterLinks } from '@/components/register-links';
import { UrlPagination } from '@/components/url-pagination';
import { UrlSearchBar } from '@/components/url-search-bar';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchCreditNotes } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { translateServerMessage } from '@/lib/i18n/server-messages';
import { searchOrExplain } from '@/lib/validation/page-search';

export const metadata: Metadata = { title: 'Credit notes' };

export default async function CreditNotesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const { result: r, error } = await searchOrExplain(() => searchCreditNotes(getDb(), actor, params));
  return (
    <>
      <PageHeader title={t('reg.creditNotes')} subtitle={t('reg.creditNotesFound', { count: r.total })} />
      <RegisterLinks current="credit-notes" t={t} />
      <UrlSearchBar label={t('reg.invoiceSearch')} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translateServerMessage(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('reg.creditNotes')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('reg.number')}</TableCell>
                <TableCell>{t('reg.issued')}</TableCell>
                <TableCell>{t('reg.contract')}</TableCell>
                <TableCell>{t('reg.policyHolder')}</TableCell>
                <TableCell>{t('cn.invoice')}</TableCell>
                <TableCell>{t('cn.reason')}</TableCell>
                <TableCell align="right">{t('reg.total')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.items.map((n) => (
                <TableRow key={n.id} hover>
                  <TableCell>{n.number}</TableCell>
                  <TableCell>{formatDate(n.dateIssued, locale)}</TableCell>
                  <TableCell>
                    <AppLink href={`/contracts/${n.contractId}?tab=invoices`}>
                      {n.contractCode}
                      {n.amendment ? t('reg.amendment', { n: n.amendment }) : ''}
                    </AppLink>
                  </TableCell>
                  <TableCell>{n.policyHolderCode ?? '—'}</TableCell>
                  <TableCell>{n.invoiceNumber}</TableCell>
                  <TableCell>{n.reason}</TableCell>
                  <TableCell align="right">{formatMoney(n.total, locale)}</TableCell>
                </TableRow>
              ))}
              {r.items.length === 0 && <EmptyRow colSpan={7}>{t('reg.noCreditNote')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={r.total} page={r.page} pageSize={r.pageSize} />
      </Paper>
    </>
  );
}
