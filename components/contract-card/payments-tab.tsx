import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { listPayments } from '@/lib/billing/payments';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';
import { ReceiptForm } from './receipt-form';

export function PaymentsTab({
  contractId,
  payments,
  canRecord,
  t,
  locale,
}: {
  contractId: string;
  payments: Awaited<ReturnType<typeof listPayments>>;
  canRecord: boolean;
  t: Translate;
  locale: Locale;
}) {
  if (!payments.length) return <Typography color="text.secondary">{t('pay.none')}</Typography>;
  return (
    <>
      {payments.map((p) => (
        <div key={p.id}>
          <Typography variant="h6" component="h3" sx={{ mt: 1 }}>
            {t('pay.of', {
              kind: p.kind === 'credit' ? t('pay.credit') : t('pay.request'),
              date: formatDate(p.requestDate, locale),
              status: t(`pay.status.${p.status}` as MessageKey),
            })}
          </Typography>
          <Typography sx={{ mb: 1 }}>
            {t('pay.summary', {
              expected: formatAmount(p.expectedAmount, locale, currencyCode()),
              received: formatAmount(p.receivedAmount, locale, currencyCode()),
              balance: formatAmount(p.balance, locale, currencyCode()),
              reference: p.reference ?? '—',
            })}
          </Typography>
          <TableContainer>
            <Table size="small" aria-label={t('pay.receipts')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('pay.number')}</TableCell>
                  <TableCell>{t('pay.receivedOn')}</TableCell>
                  <TableCell align="right">{t('pay.amount')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {p.receipts.map((r) => (
                  <TableRow key={r.receiptNumber}>
                    <TableCell>{r.receiptNumber}</TableCell>
                    <TableCell>{formatDate(r.receivedAt, locale)}</TableCell>
                    <TableCell align="right">{formatAmount(r.amount, locale, currencyCode())}</TableCell>
                  </TableRow>
                ))}
                {p.receipts.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={3} sx={{ color: 'text.secondary', textAlign: 'center' }}>
                      {t('pay.noReceipt')}
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
          {canRecord && p.kind === 'request' && p.status !== 'paid' && (
            <ReceiptForm contractId={contractId} balance={p.balance} />
          )}
        </div>
      ))}
    </>
  );
}
