'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { changePasswordAction } from './actions';

const EMPTY = { currentPassword: '', newPassword: '', confirm: '' };

/** Change your own password: the current one, then the new one twice. */
export function ChangePasswordForm() {
  const { t } = useI18n();
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof typeof EMPTY, label: string, autoComplete: string, helper?: string) => (
    <TextField
      label={label}
      type="password"
      autoComplete={autoComplete}
      value={v[k]}
      onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))}
      error={!!errors[k]}
      helperText={errors[k]?.[0] ?? helper}
      slotProps={{ htmlInput: { maxLength: 200 } }}
      sx={{ maxWidth: 360 }}
    />
  );
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setDone(false);
        if (v.newPassword !== v.confirm) return setErrors({ confirm: [t('pwd.mismatch')] });
        setBusy(true);
        const r = await changePasswordAction({
          currentPassword: v.currentPassword,
          newPassword: v.newPassword,
        });
        setBusy(false);
        if (!r.ok) {
          setErrors(r.fieldErrors ?? {});
          if (!r.fieldErrors) setError(r.error);
          return;
        }
        setErrors({});
        setV(EMPTY);
        setDone(true);
      }}
    >
      {error && <Alert severity="error">{error}</Alert>}
      {done && (
        <Alert severity="success" role="status">
          {t('pwd.done')}
        </Alert>
      )}
      {field('currentPassword', t('pwd.current'), 'current-password')}
      {field('newPassword', t('pwd.new'), 'new-password', t('pwd.rules'))}
      {field('confirm', t('pwd.confirm'), 'new-password')}
      <div>
        <Button type="submit" variant="contained" loading={busy}>
          {t('pwd.submit')}
        </Button>
      </div>
    </Stack>
  );
}
