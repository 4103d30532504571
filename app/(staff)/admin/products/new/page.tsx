import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { ProductForm } from '../product-form';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage() {
  await requireStaffPage('product.configure');
  const { t } = await getTranslator();
  return (
    <>
      <PageHeader
        title={t('products.new')}
        subtitle={<AppLink href="/admin/products">{t('products.back')}</AppLink>}
      />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <ProductForm />
      </Paper>
    </>
  );
}
