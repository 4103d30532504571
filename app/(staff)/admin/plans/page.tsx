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
import { listPlans } from '@/lib/reference/plans';
import { getProduct, listProducts } from '@/lib/reference/products';
import { referenceUsage } from '@/lib/reference/usage';
import { ConfigTabs, contractsHref } from '../products/config-tabs';

export const metadata: Metadata = { title: 'Contribution plans' };

/** Issue 17: contribution plans (all, or a product's), with their rule, validity and usage. */
export default async function PlansPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const db = getDb();
  const query = await searchParams;
  const result = await listPlans(db, actor, query);
  const ids = result.items.map((p) => p.id);
  const [usage, products, only] = await Promise.all([
    referenceUsage(db, actor, 'plan', ids),
    listProducts(db, actor, { pageSize: 100 }),
    query.productId ? getProduct(db, actor, query.productId) : null,
  ]);
  const productCode = new Map(products.items.map((p) => [p.id, p.code]));
  const ruleLabel = (k: string) =>
    ['percent-of-income', 'fixed-amount', 'premium-rule'].includes(k)
      ? t(`plans.rule.${k}` as MessageKey)
      : k;
  return (
    <>
      <PageHeader
        title={t('plans.title')}
        subtitle={only ? t('plans.filtered', { code: only.code }) : t('plans.subtitle')}
        actions={
          <LinkButton
            variant="contained"
            href={only ? `/admin/plans/new?productId=${only.id}` : '/admin/plans/new'}
          >
            {t('plans.new')}
          </LinkButton>
        }
      />
      <ConfigTabs value="plans" />
      <UrlSearchBar label={t('common.search')} />
      <Paper variant="outlined">
        {/* Wider than a phone: the table scrolls inside its frame, not the page. */}
        <TableContainer>
          <Table size="small" aria-label={t('plans.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('pc.code')}</TableCell>
                <TableCell>{t('pc.name')}</TableCell>
                <TableCell>{t('plans.product')}</TableCell>
                <TableCell>{t('plans.ruleLabel')}</TableCell>
                <TableCell align="right">{t('plans.periodicity')}</TableCell>
                <TableCell>{t('pc.validity')}</TableCell>
                <TableCell align="right">{t('plans.bundles')}</TableCell>
                <TableCell align="right">{t('pc.contracts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    <AppLink href={`/admin/plans/${p.id}`}>{p.code}</AppLink>
                  </TableCell>
                  <TableCell>{p.name}</TableCell>
                  <TableCell>
                    <AppLink href={`/admin/products/${p.productId}`}>
                      {productCode.get(p.productId) ?? p.productId.slice(0, 8)}
                    </AppLink>
                  </TableCell>
                  <TableCell>
                    {ruleLabel(p.calculationRule)}
                    {typeof p.params.rule === 'string' ? ` · ${p.params.rule}` : ''}
                    {typeof p.params.rate === 'string' ? ` · ${p.params.rate} %` : ''}
                    {typeof p.params.amount === 'string' ? ` · ${p.params.amount}` : ''}
                  </TableCell>
                  <TableCell align="right">{p.periodicityMonths}</TableCell>
                  <TableCell>
                    {p.dateValidFrom} – {p.dateValidTo ?? t('pc.open')}
                  </TableCell>
                  <TableCell align="right">{usage[p.id]?.children ?? 0}</TableCell>
                  <TableCell align="right">
                    <AppLink href={contractsHref('planId', p.id)}>{usage[p.id]?.contracts ?? 0}</AppLink>
                  </TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={8}>{t('plans.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
