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
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listProducts } from '@/lib/reference/products';
import { referenceUsage } from '@/lib/reference/usage';
import { ConfigTabs, contractsHref } from './config-tabs';

export const metadata: Metadata = { title: 'Products' };

/** Issue 17: the products, their settings, and how many plans and contracts use each. */
export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const db = getDb();
  const result = await listProducts(db, actor, await searchParams);
  const usage = await referenceUsage(
    db,
    actor,
    'product',
    result.items.map((p) => p.id),
  );
  return (
    <>
      <PageHeader
        title={t('products.title')}
        subtitle={t('products.subtitle')}
        actions={
          <LinkButton variant="contained" href="/admin/products/new">
            {t('products.new')}
          </LinkButton>
        }
      />
      <ConfigTabs value="products" />
      <UrlSearchBar label={t('common.search')} />
      <Paper variant="outlined">
        {/* Wider than a phone: the table scrolls inside its frame, not the page. */}
        <TableContainer>
          <Table size="small" aria-label={t('products.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('pc.code')}</TableCell>
                <TableCell>{t('pc.name')}</TableCell>
                <TableCell align="right">{t('products.period')}</TableCell>
                <TableCell align="right">{t('products.grace')}</TableCell>
                <TableCell>{t('products.billing')}</TableCell>
                <TableCell>{t('products.payBefore')}</TableCell>
                <TableCell align="right">{t('products.plans')}</TableCell>
                <TableCell align="right">{t('pc.contracts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    <AppLink href={`/admin/products/${p.id}`}>{p.code}</AppLink>
                  </TableCell>
                  <TableCell>{p.name}</TableCell>
                  <TableCell align="right">{p.insurancePeriodMonths}</TableCell>
                  <TableCell align="right">{p.gracePeriodDays}</TableCell>
                  <TableCell>{t(`products.billing${p.billingFrequencyMonths}` as MessageKey)}</TableCell>
                  <TableCell>
                    {t(p.payBeforeEffective === 'first' ? 'products.payFirst' : 'products.payAll')}
                  </TableCell>
                  <TableCell align="right">
                    <AppLink href={`/admin/plans?productId=${p.id}`}>{usage[p.id]?.children ?? 0}</AppLink>
                  </TableCell>
                  <TableCell align="right">
                    <AppLink href={contractsHref('productId', p.id)}>{usage[p.id]?.contracts ?? 0}</AppLink>
                  </TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={8}>{t('products.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
