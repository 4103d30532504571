import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { InvoiceDto } from '@/lib/billing/invoices';
import { formatDate, formatMoney } from '@/lib/format';

/** The lines of one invoice, with its total: shared by the Invoices tab and the printable view. */
export function InvoiceLines({ invoice }: { invoice: InvoiceDto }) {
  return (
    <Table size="small" aria-label={`Invoice ${invoice.number}`}>
      <TableHead>
        <TableRow>
          <TableCell>Description</TableCell>
          <TableCell>Period</TableCell>
          <TableCell align="right">Amount</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {invoice.lines.map((l) => (
          <TableRow key={l.id}>
            <TableCell>{l.description}</TableCell>
            <TableCell>
              {formatDate(l.periodFrom)} – {formatDate(l.periodTo)}
            </TableCell>
            <TableCell align="right">{formatMoney(l.amount)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
      <TableFooter>
        <TableRow>
          <TableCell colSpan={2} sx={{ fontWeight: 700 }}>
            Total
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 700 }}>
            {formatMoney(invoice.total)}
          </TableCell>
        </TableRow>
      </TableFooter>
    </Table>
  );
}
