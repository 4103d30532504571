import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { AppLink } from '@/components/links';
import type { InvoiceDto } from '@/lib/billing/invoices';
import { formatDate, formatMoney } from '@/lib/format';
import { InvoiceLines } from './invoice-lines';

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
          <InvoiceLines invoice={inv} />
        </div>
      ))}
    </Stack>
  );
}
