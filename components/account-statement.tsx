import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { PrintButton } from '@/components/contract-card/print-button';
import { ExportButtons } from '@/components/export-buttons';
import type { Statement } from '@/lib/billing/statement';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { money } from '@/lib/money';

const BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'over90'] as const;

/**
 * A policy holder's account: balance, unallocated credit, aging of unpaid invoices, and the statement
 * (invoices, credit notes, receipts, reversals, refunds with a running balance). Printable as it is.
 * `portal`: worded for the policy holder (what it owes, or its credit).
 */
export function AccountStatement({
  statement: s,
  currency,
  t,
  locale,
  portal = false,
}: {
  statement: Statement;
  currency: string;
  t: Translate;
  locale: Locale;
  portal?: boolean;
}) {
  const amount = (v: string) => formatAmount(v, locale, currency);
  const owed = money(s.balance);
  const credit = money(s.unallocatedCredit);
  // A negative balance beyond the unallocated credit is money paying installments not invoiced yet.
  const ahead = owed.negated().minus(credit);
  return (
    <Stack spacing={2}>
      {portal ? (
        // The policy holder's words: what it owes; its credit is only money not paying anything (it can be
        // refunded); money that pays installments not invoiced yet is "paid ahead", not a credit.
        <>
          <Typography variant="h6" component="p">
            {owed.greaterThan(0)
              ? t('acct.balanceOwed', { balance: amount(s.balance) })
              : credit.greaterThan(0)
                ? t('acct.balanceCredit', { balance: amount(credit.toFixed(2)) })
                : t('acct.nothingOwed')}
          </Typography>
          {ahead.greaterThan(0) && (
            <Typography>{t('acct.paidAhead', { amount: amount(ahead.toFixed(2)) })}</Typography>
          )}
        </>
      ) : (
        <>
          <Typography variant="h6" component="p">
            {t('acct.balance', { balance: amount(s.balance) })}
          </Typography>
          {credit.greaterThan(0) && (
            <Typography>{t('acct.unallocated', { credit: amount(s.unallocatedCredit) })}</Typography>
          )}
        </>
      )}
      <Typography variant="subtitle1" component="h3">
        {t('acct.aging')}
      </Typography>
      <Grid container spacing={1} aria-label={t('acct.aging')} role="list">
        {BUCKETS.map((b) => (
          <Grid key={b} size={{ xs: 6, sm: 'grow' }} role="listitem">
            <Paper variant="outlined" sx={{ p: 1.5 }}>
              <Typography variant="body2" color="text.secondary">
                {t(`aging.${b}` as MessageKey)}
              </Typography>
              <Typography sx={{ fontWeight: 600 }}>{amount(s.aging[b])}</Typography>
            </Paper>
          </Grid>
        ))}
      </Grid>
      <TableContainer>
        <Table size="small" aria-label={t('acct.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('acct.date')}</TableCell>
              <TableCell>{t('acct.document')}</TableCell>
              <TableCell>{t('reg.contract')}</TableCell>
              <TableCell>{t('acct.description')}</TableCell>
              <TableCell align="right">{t('acct.debit')}</TableCell>
              <TableCell align="right">{t('acct.credit')}</TableCell>
              <TableCell align="right">{t('acct.running')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {s.lines.map((l) => (
              <TableRow key={`${l.kind}-${l.number}-${l.date}-${l.balance}`}>
                <TableCell>{formatDate(l.date, locale)}</TableCell>
                <TableCell>
                  {t(`acct.kind.${l.kind}` as MessageKey)} {l.number}
                </TableCell>
                <TableCell>{l.contractCode ?? '—'}</TableCell>
                <TableCell>{l.description}</TableCell>
                <TableCell align="right">{money(l.debit).isZero() ? '' : amount(l.debit)}</TableCell>
                <TableCell align="right">{money(l.credit).isZero() ? '' : amount(l.credit)}</TableCell>
                <TableCell align="right">{amount(l.balance)}</TableCell>
              </TableRow>
            ))}
            {s.lines.length === 0 && (
              <TableRow>
                <TableCell colSpan={7} sx={{ color: 'text.secondary', textAlign: 'center' }}>
                  {t('acct.none')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <PrintButton />
        <Box className="no-print">
          <ExportButtons
            base={`/policy-holders/${s.policyHolder.id}/statement/export`}
            params={{ from: s.from ?? undefined }}
            t={t}
          />
        </Box>
      </Stack>
    </Stack>
  );
}
