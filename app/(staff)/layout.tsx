import type { ReactNode } from 'react';
import { AppShell, type NavItem } from '@/components/app-shell';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';

const ROLE_KEYS = ['admin', 'editor', 'approver', 'viewer'];

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const actor = await requireStaffPage();
  // Only what the user may open is shown; each page checks its permission again on the server.
  const { t } = await getTranslator();
  const nav: NavItem[] = [];
  if (can(actor, 'contract.read'))
    nav.push({ label: t('nav.dashboard'), href: '/dashboard', icon: 'dashboard' });
  if (can(actor, 'policyholder.read'))
    nav.push({ label: t('nav.policyHolders'), href: '/policy-holders', icon: 'groups' });
  // Contracts right below, with the receipt icon (front-end design of the specification).
  if (can(actor, 'contract.read'))
    nav.push({ label: t('nav.contracts'), href: '/contracts', icon: 'receipt' });
  if (can(actor, 'contract.read')) {
    nav.push({ label: t('nav.invoices'), href: '/invoices', icon: 'invoice' });
    nav.push({ label: t('nav.payments'), href: '/payments', icon: 'payments' });
    nav.push({ label: t('nav.dunning'), href: '/billing/dunning', icon: 'dunning' });
  }
  if (can(actor, 'collection.manage')) {
    nav.push({ label: t('nav.collections'), href: '/billing/collections', icon: 'payments' });
    nav.push({ label: t('nav.reconciliation'), href: '/billing/reconciliation', icon: 'payments' });
  }
  if (can(actor, 'product.configure')) {
    nav.push({ label: t('nav.products'), href: '/admin/products', icon: 'products' });
    nav.push({ label: t('nav.premiumRules'), href: '/admin/premium-rules', icon: 'rules' });
  }
  if (can(actor, 'admin.users')) nav.push({ label: t('nav.admin'), href: '/admin/users', icon: 'admin' });
  if (can(actor, 'contract.read')) nav.push({ label: t('nav.jobs'), href: '/admin/jobs', icon: 'jobs' });
  if (can(actor, 'admin.outbox')) nav.push({ label: t('nav.outbox'), href: '/admin/outbox', icon: 'mail' });
  if (can(actor, 'admin.webhooks'))
    nav.push({ label: t('nav.webhooks'), href: '/admin/webhooks', icon: 'key' });
  if (can(actor, 'admin.users')) nav.push({ label: t('nav.tokens'), href: '/admin/tokens', icon: 'key' });
  return (
    <AppShell
      title="Pactum"
      userName={actor.name}
      roleLabel={ROLE_KEYS.includes(actor.role) ? t(`role.${actor.role}` as MessageKey) : actor.role}
      nav={nav}
      profileHref="/profile"
    >
      {children}
    </AppShell>
  );
}
