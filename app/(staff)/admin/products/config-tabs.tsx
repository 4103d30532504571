import { LinkTabs } from '@/components/link-tabs';
import { getTranslator } from '@/lib/i18n/server';

/** Issue 17: the product configuration screens, one tab each (products, plans, bundles, premium rules). */
export async function ConfigTabs({ value }: { value: 'products' | 'plans' | 'bundles' | 'rules' }) {
  const { t } = await getTranslator();
  return (
    <LinkTabs
      label={t('pc.tabs')}
      value={value}
      tabs={[
        { value: 'products', label: t('pc.tab.products'), href: '/admin/products' },
        { value: 'plans', label: t('pc.tab.plans'), href: '/admin/plans' },
        { value: 'bundles', label: t('pc.tab.bundles'), href: '/admin/bundles' },
        { value: 'rules', label: t('pc.tab.rules'), href: '/admin/premium-rules' },
      ]}
    />
  );
}

/** A count of contracts linking to the contract search that finds exactly them. */
export function contractsHref(filter: 'productId' | 'planId' | 'bundleId', id: string) {
  return `/contracts?${filter}=${id}`;
}
