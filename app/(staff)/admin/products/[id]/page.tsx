import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listPlans } from '@/lib/reference/plans';
import { getProduct } from '@/lib/reference/products';
import { referenceUsage } from '@/lib/reference/usage';
import { contractsHref } from '../config-tabs';
import { ProductForm } from '../product-form';

export const metadata: Metadata = { title: 'Product' };

const RULES = ['percent-of-income', 'fixed-amount', 'premium-rule'];

/** A product: its settings (versioned: a stale edit is refused), its plans, and the contracts using it. */
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const { id } = await params;
  const db = getDb();
  const product = await getProduct(db, actor, id);
  const [plans, usage] = await Promise.all([
    listPlans(db, actor, { productId: id, pageSize: 100 }),
    referenceUsage(db, actor, 'product', [id]),
  ]);
  const planUsage = await referenceUsage(
    db,
    actor,
    'plan',
    plans.items.map((p) => p.id),
  );
  const used = usage[id]?.contracts ?? 0;
  return (
    <>
      <PageHeader
        title={`${product.code} · ${product.name}`}
        subtitle={
          // Wraps on a phone instead of pushing the page sideways.
          <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, rowGap: 0.5 }}>
            <AppLink href="/admin/products">{t('products.back')}</AppLink>
            <span>
              {t('pc.version')} {product.version}
            </span>
            <AppLink href={contractsHref('productId', id)}>{t('pc.usedBy', { count: used })}</AppLink>
            <AppLink href={`/admin/products/${id}/dunning`}>{t('dun.levels')}</AppLink>
          </Stack>
        }
      />
      <Paper variant="outlined" sx={{ p: 3, mb: 2 }}>
        <ProductForm key={product.version} product={product} />
      </Paper>
      <Paper variant="outlined">
        <Stack direction="row" sx={{ px: 2, pt: 1, justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {t('products.plansOf')}
          </Typography>
          <LinkButton size="small" href={`/admin/plans/new?productId=${id}`}>
            {t('products.addPlan')}
          </LinkButton>
        </Stack>
        {/* Wider than a phone: the table scrolls inside its frame, not the page. */}
        <TableContainer>
          <Table size="small" aria-label={t('products.plansOf')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('pc.code')}</TableCell>
                <TableCell>{t('pc.name')}</TableCell>
                <TableCell>{t('plans.ruleLabel')}</TableCell>
                <TableCell>{t('pc.validity')}</TableCell>
                <TableCell align="right">{t('pc.contracts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plans.items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    <AppLink href={`/admin/plans/${p.id}`}>{p.code}</AppLink>
                  </TableCell>
                  <TableCell>{p.name}</TableCell>
                  <TableCell>
                    {RULES.includes(p.calculationRule)
                      ? t(`plans.rule.${p.calculationRule}` as MessageKey)
                      : p.calculationRule}
                    {typeof p.params.rule === 'string' ? ` · ${p.params.rule}` : ''}
                  </TableCell>
                  <TableCell>
                    {p.dateValidFrom} – {p.dateValidTo ?? t('pc.open')}
                  </TableCell>
                  <TableCell align="right">
                    <AppLink href={contractsHref('planId', p.id)}>{planUsage[p.id]?.contracts ?? 0}</AppLink>
                  </TableCell>
                </TableRow>
              ))}
              {plans.items.length === 0 && <EmptyRow colSpan={5}>{t('plans.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
