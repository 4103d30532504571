import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccountStatement } from '@/components/account-statement';
import { OverdueItems } from '@/components/dunning/overdue-items';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requirePortalPage } from '@/lib/auth/session';
import { policyHolderStatement } from '@/lib/billing/statement';
import { listMandates, MANDATE_TEXT } from '@/lib/collection/mandates';
import { findCollectionSettings } from '@/lib/collection/settings';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';
import { GiveMandateForm } from './mandate-form';

export const metadata: Metadata = { title: 'Our account' };

/** "Our account": the statement of the policy holder the portal user acts for, read-only and printable. */
export default async function PortalAccountPage() {
  const actor = await requirePortalPage('portal.contract.read');
  const { t, locale } = await getTranslator();
  const id = await getActingPolicyHolderId(actor);
  if (!id) notFound();
  const db = getDb();
  const statement = await policyHolderStatement(db, actor, id);
  const [mandates, settings] = await Promise.all([listMandates(db, actor, id), findCollectionSettings(db)]);
  const active = mandates.find((m) => m.status === 'active');
  return (
    <>
      <PageHeader
        title={t('acct.our')}
        subtitle={`${statement.policyHolder.code} · ${statement.policyHolder.tradeName}`}
      />
      <OverdueItems actor={actor} policyHolderId={id} t={t} locale={locale} />
      <AccountStatement statement={statement} currency={currencyCode()} t={t} locale={locale} portal />
      {/* Issue 14: pay by SEPA direct debit: the active mandate, or the form to give one. */}
      <Paper variant="outlined" sx={{ p: 2, mt: 3 }}>
        {active ? (
          <>
            <Typography variant="h6" component="h2">
              {t('mandate.title')}
            </Typography>
            <Typography>
              {t('mandate.reference')}: {active.reference} · {t('coll.iban')}: …{active.iban.slice(-4)} ·{' '}
              {t('mandate.status.active')}
            </Typography>
          </>
        ) : can(actor, 'portal.mandate.write') && settings ? (
          <GiveMandateForm
            policyHolderId={id}
            creditorName={settings.creditorName}
            mandateText={MANDATE_TEXT[locale]}
          />
        ) : null}
      </Paper>
    </>
  );
}
