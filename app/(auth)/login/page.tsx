import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LanguageSwitch } from '@/components/language-switch';
import { safeCallbackPath } from '@/lib/auth/deep-link';
import { getActor } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const callbackUrl = safeCallbackPath(query.callbackUrl);
  if (await getActor()) redirect(callbackUrl ?? '/');
  const { t } = await getTranslator();
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography variant="h4" component="h1" sx={{ fontWeight: 700 }}>
            Pactum
          </Typography>
          <LanguageSwitch color="primary" />
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('login.tagline')}
        </Typography>
        {query.reset === '1' && (
          <Alert severity="success" role="status" sx={{ mb: 2 }}>
            {t('login.resetDone')}
          </Alert>
        )}
        <LoginForm callbackUrl={callbackUrl} />
      </Paper>
    </Box>
  );
}
