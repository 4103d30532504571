import type { Metadata } from 'next';
import { RegisterFrame } from '@/components/register-frame';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchInvoices } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
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
    <RegisterFrame
      title={t('reg.invoices')}
      subtitle={t('reg.invoicesFound', { count: r.total })}
      current="invoices"
      searchLabel={t('reg.invoiceSearch')}
      error={error}
      columns={[
        { label: t('reg.number'), sort: 'number' },
        { label: t('reg.issued'), sort: 'dateIssued' },
        { label: t('reg.contract'), sort: 'contract' },
        { label: t('reg.policyHolder'), sort: 'policyHolder' },
        { label: t('reg.period'), sort: 'period', width: 190 },
        { label: t('reg.state'), sort: 'state' },
        { label: t('reg.total'), align: 'right', sort: 'total' },
      ]}
      rows={r.items.map((i) => ({
        id: i.id,
        cells: [
          { text: i.number, href: `/contracts/${i.contractId}/invoices/${i.id}` },
          formatDate(i.dateIssued, locale),
          {
            text: `${i.contractCode}${i.amendment ? t('reg.amendment', { n: i.amendment }) : ''}`,
            href: `/contracts/${i.contractId}?tab=invoices`,
          },
          i.policyHolderCode ?? '—',
          `${formatDate(i.periodFrom, locale)} – ${formatDate(i.periodTo, locale)}`,
          t(`inv.state.${i.state}` as MessageKey),
          formatMoney(i.total, locale),
        ],
      }))}
      result={r}
      empty={t('reg.noInvoice')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/invoices/export', params }}
    />
  );
}
