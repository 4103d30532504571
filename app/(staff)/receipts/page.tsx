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
import { searchReceipts } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { translateServerMessage } from '@/lib/i18n/server-messages';
import { money } from '@/lib/money';
import { searchOrExplain } from '@/lib/validation/page-search';

export const metadata: Metadata = { title: 'Receipts' };

export default async function ReceiptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const { result: r, error } = await searchOrExplain(() => searchReceipts(getDb(), actor, params));
  return (
    <>
      <PageHeader title={t('reg.receipts')} subtitle={t('reg.receiptsFound', { count: r.total })} />
      <RegisterLinks current="receipts" t={t} />
      <UrlSearchBar label={t('reg.invoiceSearch')} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translateServerMessage(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('reg.receipts')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('reg.number')}</TableCell>
                <TableCell>{t('pay.receivedOn')}</TableCell>
                <TableCell>{t('reg.contract')}</TableCell>
                <TableCell>{t('reg.policyHolder')}</TableCell>
                <TableCell align="right">{t('pay.amount')}</TableCell>
                <TableCell align="right">{t('pay.paid')}</TableCell>
                <TableCell align="right">{t('pay.unallocated')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.items.map((x) => (
                <TableRow key={x.id} hover>
                  <TableCell>{x.receiptNumber}</TableCell>
                  <TableCell>{formatDate(x.receivedAt, locale)}</TableCell>
                  <TableCell>
                    {x.contractId ? (
                      <AppLink href={`/contracts/${x.contractId}?tab=payments`}>{x.contractCode}</AppLink>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    {x.policyHolderId ? (
                      <AppLink href={`/policy-holders/${x.policyHolderId}?tab=account`}>
                        {x.policyHolderCode}
                      </AppLink>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell align="right">{formatMoney(x.amount, locale)}</TableCell>
                  <TableCell align="right">{formatMoney(x.allocated, locale)}</TableCell>
                  <TableCell align="right">
                    {formatMoney(
                      x.reversedAt ? '0.00' : money(x.amount).minus(x.allocated).minus(x.refunded).toFixed(2),
                      locale,
                    )}
                  </TableCell>
                  <TableCell>{x.reversedAt ? t('reg.reversed') : '—'}</TableCell>
                </TableRow>
              ))}
              {r.items.length === 0 && <EmptyRow colSpan={8}>{t('reg.noReceipt')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={r.total} page={r.page} pageSize={r.pageSize} />
      </Paper>
    </>
  );
}
