import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { BundleForm } from '../bundle-form';
import { planOptions } from '../plan-options';

export const metadata: Metadata = { title: 'New bundle' };

export default async function NewBundlePage() {
  const actor = await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  const plans = await planOptions(getDb(), actor);
  return (
    <>
      <PageHeader
        title={t('bundles.new')}
        subtitle={<AppLink href="/admin/bundles">{t('bundles.back')}</AppLink>}
      />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <BundleForm plans={plans} />
      </Paper>
    </>
  );
}
