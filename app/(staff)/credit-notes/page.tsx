import type { Metadata } from 'next';
import { RegisterFrame } from '@/components/register-frame';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchCreditNotes } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
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
    <RegisterFrame
      title={t('reg.creditNotes')}
      subtitle={t('reg.creditNotesFound', { count: r.total })}
      current="credit-notes"
      searchLabel={t('reg.invoiceSearch')}
      error={error}
      columns={[
        { label: t('reg.number'), sort: 'number' },
        { label: t('reg.issued'), sort: 'dateIssued' },
        { label: t('reg.contract'), sort: 'contract' },
        { label: t('reg.policyHolder'), sort: 'policyHolder' },
        { label: t('cn.invoice'), sort: 'invoice' },
        { label: t('cn.reason') },
        { label: t('reg.total'), align: 'right', sort: 'total' },
      ]}
      rows={r.items.map((n) => ({
        id: n.id,
        cells: [
          n.number,
          formatDate(n.dateIssued, locale),
          {
            text: `${n.contractCode}${n.amendment ? t('reg.amendment', { n: n.amendment }) : ''}`,
            href: `/contracts/${n.contractId}?tab=invoices`,
          },
          n.policyHolderCode ?? '—',
          n.invoiceNumber,
          n.reason,
          formatMoney(n.total, locale),
        ],
      }))}
      result={r}
      empty={t('reg.noCreditNote')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/credit-notes/export', params }}
    />
  );
}
