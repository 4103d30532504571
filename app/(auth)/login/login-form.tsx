'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useActionState } from 'react';
import { useI18n } from '@/components/i18n';
import { type SignInState, signInAction } from './actions';

/**
 * A plain POST form bound to a server action: before hydration, or with JavaScript off, the browser
 * posts it like any HTML form (the password never goes into a URL), and React enhances it once loaded.
 */
export function LoginForm({ callbackUrl }: { callbackUrl: string | null }) {
  const { t } = useI18n();
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action}>
      <Stack spacing={2}>
        {state.error && (
          <Alert severity="error" role="alert">
            {t(state.error)}
          </Alert>
        )}
        {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
        <TextField
          label={t('login.email')}
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          defaultValue={state.email ?? ''}
          slotProps={{ htmlInput: { maxLength: 320 } }}
        />
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          slotProps={{ htmlInput: { maxLength: 1024 } }}
        />
        <Button type="submit" variant="contained" size="large" loading={pending}>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
