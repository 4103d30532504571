import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AttachmentsSection } from '@/components/attachments/attachments-section';
import { InsureesTab } from '@/components/insurees/insurees-tab';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requirePortalPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import {
  listBundles,
  listPolicyHolderBundles,
  listPolicyHolderInsurees,
} from '@/lib/policy-holders/insurees';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';

export const metadata: Metadata = { title: 'Our insurees' };

/** The policy holder's declared insurees; editable where the insurer grants portal.insurees.write. */
export default async function PortalInsureesPage() {
  const actor = await requirePortalPage('portal.insurees.read');
  const { t } = await getTranslator();
  const id = await getActingPolicyHolderId(actor);
  if (!id) notFound();
  const db = getDb();
  const [ph, lines, phBundles, allBundles] = await Promise.all([
    getPolicyHolder(db, actor, id),
    listPolicyHolderInsurees(db, actor, id),
    listPolicyHolderBundles(db, actor, id),
    listBundles(db, actor),
  ]);
  const canWrite = can(actor, 'portal.insurees.write');
  return (
    <>
      <PageHeader title={t('portal.insurees')} subtitle={`${ph.code} · ${ph.tradeName}`} />
      {!canWrite && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('portal.insureesReadOnly')}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2 }}>
        <InsureesTab
          policyHolderId={id}
          lines={lines}
          bundles={allBundles.filter((b) => phBundles.some((p) => p.id === b.id))}
          canWrite={canWrite}
        />
      </Paper>
      {/* Issue 16: the policy holder's own files (its employee list, correspondence), not its contracts'. */}
      <Paper variant="outlined" sx={{ p: 2, mt: 3 }} component="section" aria-labelledby="ph-files">
        <Typography variant="h6" component="h2" id="ph-files" sx={{ mb: 2 }}>
          {t('att.title')}
        </Typography>
        <AttachmentsSection actor={actor} owner={{ policyHolderId: id }} />
      </Paper>
    </>
  );
}
