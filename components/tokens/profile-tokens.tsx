import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { toTokenRows } from '@/components/tokens/rows';
import { getDb } from '@/db/client';
import { listApiTokens } from '@/lib/api/tokens';
import type { Actor } from '@/lib/auth/actor';
import { getTranslator } from '@/lib/i18n/server';
import { TokensPanel } from './tokens-panel';

/** The profile page (staff and portal alike): who you are, your API tokens and your password. */
export async function ProfileTokens({ actor }: { actor: Actor }) {
  const { t } = await getTranslator();
  const tokens = await listApiTokens(getDb(), actor);
  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={`${actor.name} · ${actor.email}`} />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <Typography variant="h6" component="h2">
          {t('tok.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('tok.intro')} <AppLink href="/api-docs">{t('tok.docs')}</AppLink>
        </Typography>
        <TokensPanel canCreate tokens={toTokenRows(tokens)} />
      </Paper>
      <Paper variant="outlined" sx={{ p: 3, mt: 3 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
          {t('pwd.title')}
        </Typography>
        <ChangePasswordForm />
      </Paper>
    </>
  );
}
