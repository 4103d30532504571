import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccountStatement } from '@/components/account-statement';
import { OverdueItems } from '@/components/dunning/overdue-items';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requirePortalPage } from '@/lib/auth/session';
import { policyHolderStatement } from '@/lib/billing/statement';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';

export const metadata: Metadata = { title: 'Our account' };

/** "Our account": the statement of the policy holder the portal user acts for, read-only and printable. */
export default async function PortalAccountPage() {
  const actor = await requirePortalPage('portal.contract.read');
  const { t, locale } = await getTranslator();
  const id = await getActingPolicyHolderId(actor);
  if (!id) notFound();
  const statement = await policyHolderStatement(getDb(), actor, id);
  return (
    <>
      <PageHeader
        title={t('acct.our')}
        subtitle={`${statement.policyHolder.code} · ${statement.policyHolder.tradeName}`}
      />
      <OverdueItems actor={actor} policyHolderId={id} t={t} locale={locale} />
      <AccountStatement statement={statement} currency={currencyCode()} t={t} locale={locale} portal />
    </>
  );
}
