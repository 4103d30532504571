'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useActionState } from 'react';
import { useI18n } from '@/components/i18n';
import { type ResetState, resetPasswordAction } from './actions';

export function ResetForm({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPasswordAction, {});
  return (
    <form action={action}>
      <Stack spacing={2}>
        {state.error && (
          <Alert severity="error" role="alert">
            {/* i18n-plain: rendered in the reader's language by the action */}
            {state.error}
          </Alert>
        )}
        <input type="hidden" name="token" value={token} />
        <TextField
          label={t('pwd.new')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          helperText={t('pwd.rules')}
          slotProps={{ htmlInput: { maxLength: 200 } }}
        />
        <TextField
          label={t('pwd.confirm')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          slotProps={{ htmlInput: { maxLength: 200 } }}
        />
        <Button type="submit" variant="contained" size="large" loading={pending}>
          {t('reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}
