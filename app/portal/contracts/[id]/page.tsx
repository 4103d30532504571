import type { Metadata } from 'next';
import { ContractCard } from '@/components/contract-card/contract-card';
import { requirePortalPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Contract' };

/** The same card as the back office, scoped and trimmed by the portal actor's rights in lib/. */
export default async function PortalContractPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const actor = await requirePortalPage('portal.contract.read');
  const [{ id }, { tab }] = await Promise.all([params, searchParams]);
  return <ContractCard actor={actor} id={id} requestedTab={tab} basePath="/portal/contracts" />;
}
