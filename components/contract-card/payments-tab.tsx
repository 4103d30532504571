import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ContractPayments } from '@/lib/billing/receipts';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { currencyCode, money } from '@/lib/money';
import { ReceiptForm } from './receipt-form';
import { RefundButton, ReverseReceiptButton } from './settlement-buttons';

/**
 * The contract's money: its installments (the payment request, one per billing period) with what is
 * paid and open, the receipts that pay them with their allocations, and the payer's credit.
 */
export function PaymentsTab({
  contractId,
  payments,
  canRecord,
  canSettle,
  t,
  locale,
}: {
  contractId: string;
  payments: ContractPayments;
  canRecord: boolean;
  canSettle: boolean;
  t: Translate;
  locale: Locale;
}) {
  const cur = currencyCode();
  const amount = (v: string) => formatAmount(v, locale, cur);
  if (!payments.installments.length && !payments.receipts.length)
    return <Typography color="text.secondary">{t('pay.none')}</Typography>;
  const hasCredit = money(payments.credit).greaterThan(0);
  return (
    <Stack spacing={2}>
      <Typography>
        {t('pay.summary2', {
          total: amount(payments.total),
          paid: amount(payments.paid),
          open: amount(payments.open),
          reference: payments.reference ?? '—',
        })}
      </Typography>
      {hasCredit && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography>{t('pay.creditHeld', { credit: amount(payments.credit) })}</Typography>
          {canSettle && <RefundButton contractId={contractId} credit={payments.credit} />}
        </Stack>
      )}
      <Typography variant="h6" component="h3">
        {t('pay.installments')}
      </Typography>
      <TableContainer>
        <Table size="small" aria-label={t('pay.installments')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('pay.period')}</TableCell>
              <TableCell>{t('pay.dueDate')}</TableCell>
              <TableCell align="right">{t('pay.amount')}</TableCell>
              <TableCell align="right">{t('pay.paid')}</TableCell>
              <TableCell align="right">{t('pay.open')}</TableCell>
              <TableCell>{t('pay.state')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {payments.installments.map((i) => (
              <TableRow
                key={i.id}
                sx={{ opacity: i.state === 'replaced' || i.state === 'credited' ? 0.6 : 1 }}
              >
                <TableCell>
                  {formatDate(i.periodFrom, locale)} – {formatDate(i.periodTo, locale)}
                  {i.requiredBeforeEffective && i.state !== 'replaced' && i.state !== 'credited' && (
                    <Typography component="span" variant="body2" color="text.secondary">
                      {' '}
                      · {t('pay.beforeCover')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{formatDate(i.dueDate, locale)}</TableCell>
                <TableCell align="right">{amount(i.amount)}</TableCell>
                <TableCell align="right">{amount(i.allocated)}</TableCell>
                <TableCell align="right">{amount(i.open)}</TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" label={t(`pay.inst.${i.state}` as MessageKey)} />
                  {i.invoiceNumber && (
                    <Typography component="span" variant="body2" sx={{ ml: 1 }}>
                      {i.invoiceNumber}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Typography variant="h6" component="h3">
        {t('pay.receipts')}
      </Typography>
      <TableContainer>
        <Table size="small" aria-label={t('pay.receipts')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('pay.number')}</TableCell>
              <TableCell>{t('pay.receivedOn')}</TableCell>
              <TableCell align="right">{t('pay.amount')}</TableCell>
              <TableCell>{t('pay.allocations')}</TableCell>
              <TableCell align="right">{t('pay.unallocated')}</TableCell>
              {canSettle && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {payments.receipts.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  {r.receiptNumber}
                  {r.reversed && (
                    <Chip
                      size="small"
                      color="warning"
                      sx={{ ml: 1 }}
                      label={t('pay.reversed', { reason: r.reversalReason ?? '' })}
                    />
                  )}
                </TableCell>
                <TableCell>{formatDate(r.receivedAt, locale)}</TableCell>
                <TableCell align="right">{amount(r.amount)}</TableCell>
                <TableCell>
                  {r.allocations
                    .filter((x) => !x.released)
                    .map((x) => `${x.contractCode} ${formatDate(x.periodFrom, locale)}: ${amount(x.amount)}`)
                    .join(' · ') || '—'}
                </TableCell>
                <TableCell align="right">{amount(r.unallocated)}</TableCell>
                {canSettle && (
                  <TableCell align="right">
                    {!r.reversed && (
                      <ReverseReceiptButton
                        contractId={contractId}
                        receiptId={r.id}
                        version={r.version}
                        number={r.receiptNumber}
                      />
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
            {payments.receipts.length === 0 && (
              <TableRow>
                <TableCell colSpan={canSettle ? 6 : 5} sx={{ color: 'text.secondary', textAlign: 'center' }}>
                  {t('pay.noReceipt')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {canRecord && <ReceiptForm contractId={contractId} open={payments.open} />}
    </Stack>
  );
}
