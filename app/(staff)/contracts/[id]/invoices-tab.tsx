import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AppLink } from '@/components/links';
import type { InvoiceDto } from '@/lib/billing/invoices';
import { formatDate, formatMoney } from '@/lib/format';

export function InvoicesTab({ contractId, invoices }: { contractId: string; invoices: InvoiceDto[] }) {
  if (!invoices.length) return <Typography color="text.secondary">No invoice yet.</Typography>;
  return (
    <Stack spacing={3}>
      {invoices.map((inv) => (
        <div key={inv.id}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline' }}>
            <Typography variant="h6" component="h3">
              {inv.number}
            </Typography>
            <Typography color="text.secondary">
              issued {formatDate(inv.dateIssued)} · period {formatDate(inv.periodFrom)} –{' '}
              {formatDate(inv.periodTo)} · total {formatMoney(inv.total)}
            </Typography>
            <AppLink href={`/contracts/${contractId}/invoices/${inv.id}`} target="_blank">
              Printable view
            </AppLink>
          </Stack>
          <Table size="small" aria-label={`Invoice ${inv.number}`}>
            <TableHead>
              <TableRow>
                <TableCell>Description</TableCell>
                <TableCell>Period</TableCell>
                <TableCell align="right">Amount</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {inv.lines.map((l) => (
                <TableRow key={l.id}>
                  <TableCell>{l.description}</TableCell>
                  <TableCell>
                    {formatDate(l.periodFrom)} – {formatDate(l.periodTo)}
                  </TableCell>
                  <TableCell align="right">{formatMoney(l.amount)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ))}
    </Stack>
  );
}
