import type { ReactNode } from 'react';
import { AppShell, type NavItem } from '@/components/app-shell';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requirePortalPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';
import { ActingForPicker } from './acting-for-picker';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalPage();
  const { t } = await getTranslator();
  const [current, holders] = await Promise.all([
    getActingPolicyHolderId(actor),
    searchPolicyHolders(getDb(), actor, { pageSize: '100' }),
  ]);
  const nav: NavItem[] = [{ label: t('portal.contracts'), href: '/portal', icon: 'receipt' }];
  nav.push({ label: t('acct.our'), href: '/portal/account', icon: 'payments' });
  if (can(actor, 'portal.insurees.read'))
    nav.push({ label: t('portal.insurees'), href: '/portal/insurees', icon: 'groups' });
  return (
    <AppShell
      title={t('portal.title')}
      userName={actor.name}
      roleLabel={t('portal.role')}
      nav={nav}
      variant="top"
      profileHref="/portal/profile"
      extra={
        <ActingForPicker
          current={current ?? ''}
          options={holders.items.map((p) => ({ id: p.id, label: p.tradeName }))}
        />
      }
    >
      {children}
    </AppShell>
  );
}
