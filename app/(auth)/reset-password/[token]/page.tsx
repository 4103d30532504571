import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { getDb } from '@/db/client';
import { isResetLinkValid } from '@/lib/auth/account';
import { getTranslator } from '@/lib/i18n/server';
import { ResetForm } from './reset-form';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

/** The page a one-time reset link opens: the form while the link is valid, otherwise what to do. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getTranslator();
  const valid = await isResetLinkValid(getDb(), token);
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 420 }}>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 2 }}>
          {t('reset.title')}
        </Typography>
        {valid ? (
          <ResetForm token={token} />
        ) : (
          <Alert severity="warning">
            {t('reset.invalid')} <AppLink href="/login">{t('login.submit')}</AppLink>
          </Alert>
        )}
      </Paper>
    </Box>
  );
}
