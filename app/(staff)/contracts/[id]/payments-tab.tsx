import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { listPayments } from '@/lib/billing/payments';
import { formatDate, formatMoney } from '@/lib/format';
import { ReceiptForm } from './receipt-form';

export function PaymentsTab({
  contractId,
  payments,
  canRecord,
}: {
  contractId: string;
  payments: Awaited<ReturnType<typeof listPayments>>;
  canRecord: boolean;
}) {
  if (!payments.length) {
    return (
      <Typography color="text.secondary">
        No payment request yet: it is created when the contract is approved.
      </Typography>
    );
  }
  return (
    <>
      {payments.map((p) => (
        <div key={p.id}>
          <Typography variant="h6" component="h3" sx={{ mt: 1 }}>
            {p.kind === 'credit' ? 'Credit' : 'Payment request'} of {formatDate(p.requestDate)} · {p.status}
          </Typography>
          <Typography sx={{ mb: 1 }}>
            Expected {formatMoney(p.expectedAmount)} · received {formatMoney(p.receivedAmount)} · balance{' '}
            <strong>{formatMoney(p.balance)}</strong> · reference {p.reference ?? '—'}
          </Typography>
          <Table size="small" aria-label="Receipts">
            <TableHead>
              <TableRow>
                <TableCell>Receipt number</TableCell>
                <TableCell>Received on</TableCell>
                <TableCell align="right">Amount</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {p.receipts.map((r) => (
                <TableRow key={r.receiptNumber}>
                  <TableCell>{r.receiptNumber}</TableCell>
                  <TableCell>{formatDate(r.receivedAt)}</TableCell>
                  <TableCell align="right">{formatMoney(r.amount)}</TableCell>
                </TableRow>
              ))}
              {p.receipts.length === 0 && (
                <TableRow>
                  <TableCell colSpan={3} sx={{ color: 'text.secondary', textAlign: 'center' }}>
                    No receipt yet.
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          {canRecord && p.kind === 'request' && p.status !== 'paid' && (
            <ReceiptForm contractId={contractId} balance={p.balance} />
          )}
        </div>
      ))}
    </>
  );
}
