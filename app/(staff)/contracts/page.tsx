import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import type { Metadata } from 'next';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { ContractSearch } from './contract-search';
import { usesNote } from './uses-note';

export const metadata: Metadata = { title: 'Contracts' };

export default async function ContractsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t } = await getTranslator();
  const params = await searchParams;
  const uses = await usesNote(actor, params);
  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        actions={
          // The export of the whole search is in the grid's toolbar (contract-table.tsx).
          can(actor, 'contract.create') && (
            <LinkButton variant="contained" startIcon={<AddIcon />} href="/contracts/new">
              {t('contracts.add')}
            </LinkButton>
          )
        }
      />
      {uses && (
        <Alert
          severity="info"
          sx={{ mb: 2 }}
          action={<AppLink href="/contracts">{t('filters.usesClear')}</AppLink>}
        >
          {t('filters.uses', { what: uses })}
        </Alert>
      )}
      <ContractSearch actor={actor} params={params} />
    </>
  );
}
