import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { UrlPagination } from '@/components/url-pagination';
import { UrlSearchBar } from '@/components/url-search-bar';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { listBundlesPage } from '@/lib/reference/bundles';
import { referenceUsage } from '@/lib/reference/usage';
import { ConfigTabs, contractsHref } from '../products/config-tabs';

export const metadata: Metadata = { title: 'Bundles' };

/** Issue 17: bundles (the plans offered together), with their validity and usage. */
export default async function BundlesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const db = getDb();
  const result = await listBundlesPage(db, actor, await searchParams);
  const usage = await referenceUsage(
    db,
    actor,
    'bundle',
    result.items.map((b) => b.id),
  );
  return (
    <>
      <PageHeader
        title={t('bundles.title')}
        subtitle={t('bundles.subtitle')}
        actions={
          <LinkButton variant="contained" href="/admin/bundles/new">
            {t('bundles.new')}
          </LinkButton>
        }
      />
      <ConfigTabs value="bundles" />
      <UrlSearchBar label={t('common.search')} />
      <Paper variant="outlined">
        {/* Wider than a phone: the table scrolls inside its frame, not the page. */}
        <TableContainer>
          <Table size="small" aria-label={t('bundles.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('pc.code')}</TableCell>
                <TableCell>{t('pc.name')}</TableCell>
                <TableCell align="right">{t('plans.periodicity')}</TableCell>
                <TableCell>{t('pc.validity')}</TableCell>
                <TableCell align="right">{t('bundles.planCount')}</TableCell>
                <TableCell align="right">{t('bundles.policyHolders')}</TableCell>
                <TableCell align="right">{t('pc.contracts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((b) => (
                <TableRow key={b.id}>
                  <TableCell>
                    <AppLink href={`/admin/bundles/${b.id}`}>{b.code}</AppLink>
                  </TableCell>
                  <TableCell>{b.name}</TableCell>
                  <TableCell align="right">{b.periodicityMonths}</TableCell>
                  <TableCell>
                    {b.dateValidFrom} – {b.dateValidTo ?? t('pc.open')}
                  </TableCell>
                  <TableCell align="right">{b.contributionPlanIds.length}</TableCell>
                  <TableCell align="right">{usage[b.id]?.children ?? 0}</TableCell>
                  <TableCell align="right">
                    <AppLink href={contractsHref('bundleId', b.id)}>{usage[b.id]?.contracts ?? 0}</AppLink>
                  </TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={7}>{t('bundles.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
