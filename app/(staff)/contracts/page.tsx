import AddIcon from '@mui/icons-material/Add';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
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
  // The export takes the search's filters from the same URL (page, sort and size do not apply to it).
  const filters = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (typeof v === 'string' && !['page', 'pageSize', 'sort', 'dir'].includes(k)) filters.set(k, v);
  const exportHref = (format: string) =>
    `/contracts/export?${new URLSearchParams({ ...Object.fromEntries(filters), format })}`;
  const uses = await usesNote(actor, params);
  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        actions={
          <Stack direction="row" spacing={1}>
            {/* Plain links: a client-side Link would prefetch (and so run) the export. */}
            <Button startIcon={<DownloadIcon />} href={exportHref('csv')} download>
              {t('export.csv')}
            </Button>
            <Button startIcon={<DownloadIcon />} href={exportHref('xlsx')} download>
              {t('export.xlsx')}
            </Button>
            {can(actor, 'contract.create') && (
              <LinkButton variant="contained" startIcon={<AddIcon />} href="/contracts/new">
                {t('contracts.add')}
              </LinkButton>
            )}
          </Stack>
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
