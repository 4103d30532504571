'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useActionState } from 'react';
import { useI18n } from '@/components/i18n';
import { requestShareCodeAction, type ShareCodeState, verifyShareCodeAction } from './actions';

/** A link limited to one address: ask for a code, then enter it (plain forms: work without JavaScript). */
export function CodeForm({ token, hint }: { token: string; hint: string }) {
  const { t } = useI18n();
  const [sent, ask, asking] = useActionState<ShareCodeState, FormData>(requestShareCodeAction, {
    step: 'email',
  });
  const [checked, verify, verifying] = useActionState<ShareCodeState, FormData>(verifyShareCodeAction, {
    step: 'code',
  });
  const error = sent.step === 'code' ? checked.error : sent.error;
  return (
    <Stack spacing={2}>
      <Typography>{t('shared.needsCode', { hint })}</Typography>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <form action={ask}>
        <input type="hidden" name="token" value={token} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          <TextField
            label={t('shared.email')}
            name="email"
            type="email"
            autoComplete="email"
            required
            fullWidth
            size="small"
          />
          <Button type="submit" variant={sent.step === 'code' ? 'outlined' : 'contained'} loading={asking}>
            {t('shared.sendCode')}
          </Button>
        </Stack>
      </form>
      {sent.step === 'code' && (
        <>
          <Alert severity="info" role="status">
            {t('shared.codeSent')}
          </Alert>
          <form action={verify}>
            <input type="hidden" name="token" value={token} />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <TextField
                label={t('shared.code')}
                name="code"
                autoComplete="one-time-code"
                required
                fullWidth
                size="small"
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6, pattern: '[0-9]{6}' } }}
              />
              <Button type="submit" variant="contained" loading={verifying}>
                {t('shared.verify')}
              </Button>
            </Stack>
          </form>
        </>
      )}
    </Stack>
  );
}
