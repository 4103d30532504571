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
import { searchPayments } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { translateServerMessage } from '@/lib/i18n/server-messages';
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
    <>
      <PageHeader title={t('reg.payments')} subtitle={t('reg.paymentsFound', { count: r.total })} />
      <RegisterLinks current="payments" t={t} />
      <UrlSearchBar
        label={t('reg.paymentSearch')}
        selects={[
          {
            param: 'status',
            label: t('reg.status'),
            options: [
              { value: '', label: t('reg.anyStatus') },
              ...STATUSES.map((s) => ({ value: s, label: t(`reg.status.${s}`) })),
            ],
          },
        ]}
      />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translateServerMessage(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label="Payments">
            <TableHead>
              <TableRow>
                <TableCell>{t('reg.contract')}</TableCell>
                <TableCell>{t('reg.policyHolder')}</TableCell>
                <TableCell>{t('reg.period')}</TableCell>
                <TableCell>{t('reg.due')}</TableCell>
                <TableCell>{t('reg.reference')}</TableCell>
                <TableCell>{t('reg.state')}</TableCell>
                <TableCell align="right">{t('reg.expected')}</TableCell>
                <TableCell align="right">{t('reg.received')}</TableCell>
                <TableCell align="right">{t('reg.balance')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.items.map((p) => (
                <TableRow key={p.id} hover>
                  <TableCell>
                    <AppLink href={`/contracts/${p.contractId}?tab=payments`}>
                      {p.contractCode}
                      {p.amendment ? t('reg.amendment', { n: p.amendment }) : ''}
                    </AppLink>
                  </TableCell>
                  <TableCell>{p.policyHolderCode ?? '—'}</TableCell>
                  <TableCell>
                    {formatDate(p.periodFrom, locale)} – {formatDate(p.periodTo, locale)}
                  </TableCell>
                  <TableCell>{formatDate(p.dueDate, locale)}</TableCell>
                  <TableCell>{p.reference ?? '—'}</TableCell>
                  <TableCell>
                    {t(`pay.inst.${p.state}` as MessageKey)}
                    {p.invoiceNumber ? ` · ${p.invoiceNumber}` : ''}
                  </TableCell>
                  <TableCell align="right">{formatMoney(p.amount, locale)}</TableCell>
                  <TableCell align="right">{formatMoney(p.allocated, locale)}</TableCell>
                  <TableCell align="right">
                    {formatMoney(money(p.amount).minus(p.allocated).toFixed(2), locale)}
                  </TableCell>
                </TableRow>
              ))}
              {r.items.length === 0 && (
                <NothingOnPageRow
                  colSpan={9}
                  total={r.total}
                  page={r.page}
                  pageSize={r.pageSize}
                  empty={t('reg.noPayment')}
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
