import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { premiumRuleChoices } from '@/lib/premium-rules/rules';
import { getPlan } from '@/lib/reference/plans';
import { listProducts } from '@/lib/reference/products';
import { referenceUsage } from '@/lib/reference/usage';
import { contractsHref } from '../../products/config-tabs';
import { PlanForm } from '../plan-form';

export const metadata: Metadata = { title: 'Contribution plan' };

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const { id } = await params;
  const db = getDb();
  const plan = await getPlan(db, actor, id);
  const [products, rules, usage] = await Promise.all([
    listProducts(db, actor, { pageSize: 100 }),
    premiumRuleChoices(db, actor),
    referenceUsage(db, actor, 'plan', [id]),
  ]);
  return (
    <>
      <PageHeader
        title={`${plan.code} · ${plan.name}`}
        subtitle={
          // Wraps on a phone instead of pushing the page sideways.
          <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, rowGap: 0.5 }}>
            <AppLink href="/admin/plans">{t('plans.back')}</AppLink>
            <span>
              {t('pc.version')} {plan.version}
            </span>
            <AppLink href={contractsHref('planId', id)}>
              {t('pc.usedBy', { count: usage[id]?.contracts ?? 0 })}
            </AppLink>
          </Stack>
        }
      />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <PlanForm key={plan.version} plan={plan} products={products.items} rules={rules} />
      </Paper>
    </>
  );
}
