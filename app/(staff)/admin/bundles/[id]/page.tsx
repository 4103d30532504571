import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { getBundle } from '@/lib/reference/bundles';
import { referenceUsage } from '@/lib/reference/usage';
import { contractsHref } from '../../products/config-tabs';
import { BundleForm } from '../bundle-form';
import { planOptions } from '../plan-options';

export const metadata: Metadata = { title: 'Bundle' };

export default async function BundlePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const { id } = await params;
  const db = getDb();
  const bundle = await getBundle(db, actor, id);
  const [plans, usage] = await Promise.all([
    planOptions(db, actor),
    referenceUsage(db, actor, 'bundle', [id]),
  ]);
  return (
    <>
      <PageHeader
        title={`${bundle.code} · ${bundle.name}`}
        subtitle={
          // Wraps on a phone instead of pushing the page sideways.
          <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, rowGap: 0.5 }}>
            <AppLink href="/admin/bundles">{t('bundles.back')}</AppLink>
            <span>
              {t('pc.version')} {bundle.version}
            </span>
            <AppLink href={contractsHref('bundleId', id)}>
              {t('pc.usedBy', { count: usage[id]?.contracts ?? 0 })}
            </AppLink>
          </Stack>
        }
      />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <BundleForm key={bundle.version} bundle={bundle} plans={plans} />
      </Paper>
    </>
  );
}
