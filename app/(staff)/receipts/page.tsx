import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { RegisterFrame } from '@/components/register-frame';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchReceipts } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
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
    <RegisterFrame
      title={t('reg.receipts')}
      subtitle={t('reg.receiptsFound', { count: r.total })}
      current="receipts"
      searchLabel={t('reg.invoiceSearch')}
      error={error}
      columns={[
        { label: t('reg.number') },
        { label: t('pay.receivedOn') },
        { label: t('reg.contract') },
        { label: t('reg.policyHolder') },
        { label: t('pay.amount'), align: 'right' },
        { label: t('pay.paid'), align: 'right' },
        { label: t('pay.unallocated'), align: 'right' },
        { label: t('reg.state') },
      ]}
      result={r}
      empty={t('reg.noReceipt')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/receipts/export', params }}
    >
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
              <AppLink href={`/policy-holders/${x.policyHolderId}?tab=account`}>{x.policyHolderCode}</AppLink>
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
    </RegisterFrame>
  );
}
