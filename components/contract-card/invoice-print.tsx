import GlobalStyles from '@mui/material/GlobalStyles';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { listInvoices } from '@/lib/billing/invoices';
import { getContract } from '@/lib/contracts/contracts';
import { NotFoundError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { isUuid } from '@/lib/validation/common';
import { InvoiceLines } from './invoice-lines';
import { PrintButton } from './print-button';

/** The printable invoice, for staff and for the portal; out of scope is "not found". */
export async function InvoicePrint({
  actor,
  id,
  invoiceId,
}: {
  actor: Actor;
  id: string;
  invoiceId: string;
}) {
  if (!isUuid(id) || !isUuid(invoiceId)) notFound();
  const { t, locale } = await getTranslator();
  const db = getDb();
  const contract = await getContract(db, actor, id, { includeDeleted: !actor.isPortal }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
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
        {t('inv.title', { number: invoice.number })}
      </Typography>
      <Typography sx={{ mt: 1 }}>
        {t('inv.for', {
          policyHolder: contract.policyHolderName ?? '—',
          phCode: contract.policyHolderCode ?? '—',
          contract: contract.amendment
            ? `${contract.code} ${t('inv.amendment', { amendment: contract.amendment })}`
            : contract.code,
        })}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('inv.header', {
          issued: formatDate(invoice.dateIssued, locale),
          from: formatDate(invoice.periodFrom, locale),
          to: formatDate(invoice.periodTo, locale),
          reference: contract.paymentReference ?? '—',
        })}
      </Typography>
      <InvoiceLines invoice={invoice} t={t} locale={locale} />
      <PrintButton />
    </Paper>
  );
}
