import type { Metadata } from 'next';
import { RegisterFrame } from '@/components/register-frame';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { AGE_BUCKETS } from '@/lib/billing/aging';
import { searchPayments } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { money } from '@/lib/money';
import { searchOrExplain } from '@/lib/validation/page-search';

export const metadata: Metadata = { title: 'Payments' };

const STATUSES = ['unpaid', 'partial', 'paid', 'overdue'] as const;

export default async function PaymentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const { result: r, error } = await searchOrExplain(() => searchPayments(getDb(), actor, params));
  return (
    <RegisterFrame
      title={t('reg.payments')}
      subtitle={t('reg.paymentsFound', { count: r.total })}
      current="payments"
      searchLabel={t('reg.paymentSearch')}
      selects={[
        {
          param: 'status',
          label: t('reg.statusLabel'),
          options: [
            { value: '', label: t('reg.anyStatus') },
            ...STATUSES.map((s) => ({ value: s, label: t(`reg.status.${s}`) })),
          ],
        },
        {
          param: 'age',
          label: t('reg.dueDate'),
          options: [
            { value: '', label: t('reg.anyDueDate') },
            ...AGE_BUCKETS.map((b) => ({ value: b, label: t(`dash.age.${b}`) })),
          ],
        },
      ]}
      error={error}
      columns={[
        // Nine columns: fixed dates and amounts, the text columns share the rest; together they fit in
        // what 1280 px leaves beside the side menu (e2e/ux.spec.ts checks it).
        { label: t('reg.contract'), sort: 'contract', minWidth: 110 },
        { label: t('reg.policyHolder'), sort: 'policyHolder', minWidth: 90 },
        { label: t('reg.period'), sort: 'period', width: 190 },
        { label: t('reg.due'), sort: 'due', width: 100 },
        { label: t('reg.reference'), sort: 'reference', minWidth: 90 },
        { label: t('reg.state'), sort: 'state', minWidth: 100 },
        { label: t('reg.expected'), align: 'right', sort: 'expected', width: 90 },
        { label: t('reg.received'), align: 'right', sort: 'received', width: 90 },
        { label: t('reg.balance'), align: 'right', sort: 'balance', width: 90 },
      ]}
      rows={r.items.map((p) => ({
        id: p.id,
        cells: [
          {
            text: `${p.contractCode}${p.amendment ? t('reg.amendment', { n: p.amendment }) : ''}`,
            href: `/contracts/${p.contractId}?tab=payments`,
          },
          p.policyHolderCode ?? '—',
          `${formatDate(p.periodFrom, locale)} – ${formatDate(p.periodTo, locale)}`,
          formatDate(p.dueDate, locale),
          p.reference ?? '—',
          `${t(`pay.inst.${p.state}` as MessageKey)}${p.invoiceNumber ? ` · ${p.invoiceNumber}` : ''}`,
          formatMoney(p.amount, locale),
          formatMoney(p.allocated, locale),
          formatMoney(money(p.amount).minus(p.allocated).toFixed(2), locale),
        ],
      }))}
      result={r}
      empty={t('reg.noPayment')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/payments/export', params }}
    />
  );
}
