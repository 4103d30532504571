import type { Metadata } from 'next';
import { ContractCard } from '@/components/contract-card/contract-card';
import { requireStaffPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Contract' };

export default async function ContractPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const actor = await requireStaffPage('contract.read');
  const [{ id }, { tab }] = await Promise.all([params, searchParams]);
  return <ContractCard actor={actor} id={id} requestedTab={tab} basePath="/contracts" />;
}
