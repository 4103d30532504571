import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LanguageSwitch } from '@/components/language-switch';
import { getActor } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  if (await getActor()) redirect('/');
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
        <LoginForm />
      </Paper>
    </Box>
  );
}
