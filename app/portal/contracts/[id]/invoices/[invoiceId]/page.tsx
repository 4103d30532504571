import type { Metadata } from 'next';
import { InvoicePrint } from '@/components/contract-card/invoice-print';
import { requirePortalPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Invoice' };

export default async function PortalInvoicePage({
  params,
}: {
  params: Promise<{ id: string; invoiceId: string }>;
}) {
  const actor = await requirePortalPage('portal.contract.read');
  const { id, invoiceId } = await params;
  return <InvoicePrint actor={actor} id={id} invoiceId={invoiceId} />;
}
