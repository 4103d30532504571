import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { toTokenRows } from '@/components/tokens/rows';
import { TokensPanel } from '@/components/tokens/tokens-panel';
import { getDb } from '@/db/client';
import { listAllApiTokens } from '@/lib/api/tokens';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

export const metadata: Metadata = { title: 'API tokens' };

export default async function AdminTokensPage() {
  const actor = await requireStaffPage('admin.users');
  const { t } = await getTranslator();
  const tokens = await listAllApiTokens(getDb(), actor);
  return (
    <>
      <PageHeader title={t('tok.title')} />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('tok.adminIntro')}
        </Typography>
        <TokensPanel canCreate={false} tokens={toTokenRows(tokens)} />
      </Paper>
    </>
  );
}
