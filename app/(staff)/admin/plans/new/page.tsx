import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { premiumRuleChoices } from '@/lib/premium-rules/rules';
import { listProducts } from '@/lib/reference/products';
import { PlanForm } from '../plan-form';

export const metadata: Metadata = { title: 'New contribution plan' };

export default async function NewPlanPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const { productId } = await searchParams;
  const db = getDb();
  const [products, rules] = await Promise.all([
    listProducts(db, actor, { pageSize: 100 }),
    premiumRuleChoices(db, actor),
  ]);
  return (
    <>
      <PageHeader
        title={t('plans.new')}
        subtitle={<AppLink href="/admin/plans">{t('plans.back')}</AppLink>}
      />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <PlanForm products={products.items} rules={rules} productId={productId} />
      </Paper>
    </>
  );
}
