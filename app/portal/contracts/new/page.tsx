import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ContractForm } from '@/components/contract-card/contract-form';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requirePortalPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';

export const metadata: Metadata = { title: 'New contract' };

/** A draft for the policy holder the user acts for; the policy holder is preset and cannot change. */
export default async function PortalNewContractPage() {
  const actor = await requirePortalPage('portal.contract.create');
  const { t } = await getTranslator();
  const phId = await getActingPolicyHolderId(actor);
  if (!phId) notFound();
  const ph = await getPolicyHolder(getDb(), actor, phId);
  return (
    <>
      <PageHeader title={t('new.title')} subtitle={t('new.subtitle')} />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <ContractForm
          basePath="/portal/contracts"
          policyHolder={{ id: ph.id, label: `${ph.code} · ${ph.tradeName}` }}
          editable={{
            code: true,
            policyHolder: false,
            paymentReference: true,
            dates: true,
            dateValidFrom: true,
          }}
        />
      </Paper>
    </>
  );
}
