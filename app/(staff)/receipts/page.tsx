import type { Metadata } from 'next';
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
        { label: t('reg.number'), sort: 'number' },
        { label: t('pay.receivedOn'), sort: 'receivedAt' },
        { label: t('reg.contract'), sort: 'contract' },
        { label: t('reg.policyHolder'), sort: 'policyHolder' },
        { label: t('pay.amount'), align: 'right', sort: 'amount' },
        { label: t('pay.paid'), align: 'right', sort: 'allocated' },
        { label: t('pay.unallocated'), align: 'right' },
        { label: t('reg.state') },
      ]}
      rows={r.items.map((x) => ({
        id: x.id,
        cells: [
          x.receiptNumber ?? '—',
          formatDate(x.receivedAt, locale),
          x.contractId
            ? { text: x.contractCode ?? '', href: `/contracts/${x.contractId}?tab=payments` }
            : '—',
          x.policyHolderId
            ? { text: x.policyHolderCode ?? '', href: `/policy-holders/${x.policyHolderId}?tab=account` }
            : '—',
          formatMoney(x.amount, locale),
          formatMoney(x.allocated, locale),
          formatMoney(
            x.reversedAt ? '0.00' : money(x.amount).minus(x.allocated).minus(x.refunded).toFixed(2),
            locale,
          ),
          x.reversedAt ? t('reg.reversed') : '—',
        ],
      }))}
      result={r}
      empty={t('reg.noReceipt')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/receipts/export', params }}
    />
  );
}
