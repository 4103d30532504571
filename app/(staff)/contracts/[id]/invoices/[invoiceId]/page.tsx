import GlobalStyles from '@mui/material/GlobalStyles';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { listInvoices } from '@/lib/billing/invoices';
import { getContract } from '@/lib/contracts/contracts';
import { formatDate } from '@/lib/format';
import { InvoiceLines } from '../../invoice-lines';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Invoice' };

export default async function InvoicePrintPage({
  params,
}: {
  params: Promise<{ id: string; invoiceId: string }>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { id, invoiceId } = await params;
  const db = getDb();
  const contract = await getContract(db, actor, id, { includeDeleted: true }).catch(() => notFound());
  const invoice = (await listInvoices(db, actor, id)).find((i) => i.id === invoiceId);
  if (!invoice) notFound();
  return (
    <Paper variant="outlined" sx={{ p: 4, maxWidth: 900, mx: 'auto' }}>
      {/* On paper only the invoice shows: the app bar and the navigation are hidden. */}
      <GlobalStyles
        styles={{
          '@media print': { 'header, nav, .MuiDrawer-root, .no-print': { display: 'none !important' } },
        }}
      />
      <Typography variant="h4" component="h1">
        Invoice {invoice.number}
      </Typography>
      <Typography sx={{ mt: 1 }}>
        {contract.policyHolderName} ({contract.policyHolderCode}) · contract {contract.code}
        {contract.amendment ? ` amendment ${contract.amendment}` : ''}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Issued {formatDate(invoice.dateIssued)} · period {formatDate(invoice.periodFrom)} –{' '}
        {formatDate(invoice.periodTo)} · payment reference {contract.paymentReference ?? '—'}
      </Typography>
      <InvoiceLines invoice={invoice} />
      <PrintButton />
    </Paper>
  );
}
