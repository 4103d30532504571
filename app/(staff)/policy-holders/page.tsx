import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import type { Metadata } from 'next';
import { LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { UrlSearchBar } from '@/components/url-search-bar';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { localize } from '@/lib/i18n/localize';
import { getTranslator } from '@/lib/i18n/server';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';
import { searchOrExplain } from '@/lib/validation/page-search';
import { policyHolderSearch } from '@/lib/validation/policy-holder';
import { PolicyHolderTable } from './policy-holder-table';

export const metadata: Metadata = { title: 'Policy holders' };

export default async function PolicyHoldersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('policyholder.read');
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  // The URL is typed by people: a malformed query shows its message, never an error page.
  const parsed = policyHolderSearch.safeParse(params);
  const { q, sort, dir } = parsed.success ? parsed.data : policyHolderSearch.parse({});
  const { result, error } = await searchOrExplain(() => searchPolicyHolders(getDb(), actor, params));
  return (
    <>
      <PageHeader
        title={t('ph.title')}
        actions={
          can(actor, 'policyholder.write') && (
            <LinkButton variant="contained" startIcon={<AddIcon />} href="/policy-holders/new">
              {t('ph.add')}
            </LinkButton>
          )
        }
      />
      <UrlSearchBar label={t('ph.searchLabel')} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {localize(error, locale)}
        </Alert>
      )}
      <PolicyHolderTable
        items={result.items}
        total={result.total}
        page={result.page}
        pageSize={result.pageSize}
        sort={sort}
        dir={dir}
        q={q}
        canGenerate={can(actor, 'contract.create')}
        canInvoice={can(actor, 'invoice.create')}
      />
    </>
  );
}
