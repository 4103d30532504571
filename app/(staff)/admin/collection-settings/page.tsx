import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { getCollectionSettings } from '@/lib/collection/settings';
import { getTranslator } from '@/lib/i18n/server';
import { CollectionSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Collection settings' };

export default async function CollectionSettingsPage() {
  const actor = await requireStaffPage('collection.manage');
  const { t } = await getTranslator();
  const s = await getCollectionSettings(getDb(), actor);
  return (
    <>
      <PageHeader title={t('coll.settings')} subtitle={t('coll.settingsSubtitle')} />
      <Typography sx={{ mb: 2 }}>
        <AppLink href="/billing/collections">{t('coll.title')}</AppLink>
      </Typography>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <CollectionSettingsForm
          initial={{
            version: s?.version,
            creditorId: s?.creditorId ?? '',
            creditorName: s?.creditorName ?? '',
            iban: s?.iban ?? '',
            bic: s?.bic ?? '',
            preNotificationDays: String(s?.preNotificationDays ?? 14),
            returnFee: s?.returnFee ?? '',
          }}
        />
      </Paper>
    </>
  );
}
