import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
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
        { label: t('reg.number') },
        { label: t('reg.issued') },
        { label: t('reg.contract') },
        { label: t('reg.policyHolder') },
        { label: t('cn.invoice') },
        { label: t('cn.reason') },
        { label: t('reg.total'), align: 'right' },
      ]}
      result={r}
      empty={t('reg.noCreditNote')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/credit-notes/export', params }}
    >
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
    </RegisterFrame>
  );
}
