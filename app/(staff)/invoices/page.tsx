import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
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
        { label: t('reg.number') },
        { label: t('reg.issued') },
        { label: t('reg.contract') },
        { label: t('reg.policyHolder') },
        { label: t('reg.period') },
        { label: t('reg.state') },
        { label: t('reg.total'), align: 'right' },
      ]}
      result={r}
      empty={t('reg.noInvoice')}
      t={t}
      locale={locale}
      exportFrom={{ base: '/invoices/export', params }}
    >
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
    </RegisterFrame>
  );
}
