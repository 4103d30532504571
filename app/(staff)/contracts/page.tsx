import AddIcon from '@mui/icons-material/Add';
import type { Metadata } from 'next';
import { LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { ContractSearch } from './contract-search';

export const metadata: Metadata = { title: 'Contracts' };

export default async function ContractsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t } = await getTranslator();
  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        actions={
          can(actor, 'contract.create') && (
            <LinkButton variant="contained" startIcon={<AddIcon />} href="/contracts/new">
              {t('contracts.add')}
            </LinkButton>
          )
        }
      />
      <ContractSearch actor={actor} params={await searchParams} />
    </>
  );
}
