import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { NothingOnPageRow } from '@/components/past-end-row';
import { RegisterLinks } from '@/components/register-links';
import { UrlPagination } from '@/components/url-pagination';
import { UrlSearchBar } from '@/components/url-search-bar';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchInvoices } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { translateServerMessage } from '@/lib/i18n/server-messages';
import { searchOrExplain } from '@/lib/validation/page-search';

export const metadata: Metadata = { title: 'Invoices' };

export default async function InvoicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const { result: r, error } = await searchOrExplain(() => searchInvoices(getDb(), actor, params));
  return (
    <>
      <PageHeader title={t('reg.invoices')} subtitle={t('reg.invoicesFound', { count: r.total })} />
      <RegisterLinks current="invoices" t={t} />
      <UrlSearchBar label={t('reg.invoiceSearch')} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translateServerMessage(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label="Invoices">
            <TableHead>
              <TableRow>
                <TableCell>{t('reg.number')}</TableCell>
                <TableCell>{t('reg.issued')}</TableCell>
                <TableCell>{t('reg.contract')}</TableCell>
                <TableCell>{t('reg.policyHolder')}</TableCell>
                <TableCell>{t('reg.period')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
                <TableCell align="right">{t('reg.total')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.items.map((i) => (
                <TableRow key={i.id} hover>
                  <TableCell>
                    <AppLink href={`/contracts/${i.contractId}/invoices/${i.id}`}>{i.number}</AppLink>
                  </TableCell>
                  <TableCell>{formatDate(i.dateIssued, locale)}</TableCell>
                  <TableCell>
                    <AppLink href={`/contracts/${i.contractId}?tab=invoices`}>
                      {i.contractCode}
                      {i.amendment ? t('reg.amendment', { n: i.amendment }) : ''}
                    </AppLink>
                  </TableCell>
                  <TableCell>{i.policyHolderCode ?? '—'}</TableCell>
                  <TableCell>
                    {formatDate(i.periodFrom, locale)} – {formatDate(i.periodTo, locale)}
                  </TableCell>
                  <TableCell>{t(`inv.state.${i.state}` as MessageKey)}</TableCell>
                  <TableCell align="right">{formatMoney(i.total, locale)}</TableCell>
                </TableRow>
              ))}
              {r.items.length === 0 && (
                <NothingOnPageRow
                  colSpan={7}
                  total={r.total}
                  page={r.page}
                  pageSize={r.pageSize}
                  empty={t('reg.noInvoice')}
                />
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={r.total} page={r.page} pageSize={r.pageSize} />
      </Paper>
    </>
  );
}
