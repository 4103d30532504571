import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  if (await getActor()) redirect('/');
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Typography variant="h4" component="h1" sx={{ fontWeight: 700 }}>
          Pactum
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          Sign in to manage group insurance contracts.
        </Typography>
        <LoginForm />
      </Paper>
    </Box>
  );
}
