import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { ContractForm } from '@/components/contract-card/contract-form';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';

export const metadata: Metadata = { title: 'New contract' };

export default async function NewContractPage({
  searchParams,
}: {
  searchParams: Promise<{ policyHolder?: string }>;
}) {
  const actor = await requireStaffPage('contract.create');
  const { policyHolder: phId } = await searchParams;
  const { t } = await getTranslator();
  const ph = phId ? await getPolicyHolder(getDb(), actor, phId).catch(() => null) : null;
  return (
    <>
      <PageHeader title={t('new.title')} subtitle={t('new.subtitle')} />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <ContractForm
          policyHolder={ph ? { id: ph.id, label: `${ph.code} · ${ph.tradeName}` } : null}
          editable={{
            code: true,
            policyHolder: !ph,
            paymentReference: true,
            dates: true,
            dateValidFrom: true,
          }}
        />
      </Paper>
    </>
  );
}
