'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useI18n } from '@/components/i18n';
import type { Translate } from '@/lib/i18n/messages';

const makeSchema = (t: Translate) =>
  z.object({
    email: z.string().trim().min(1, t('login.emailRequired')).email(t('login.emailInvalid')),
    password: z.string().min(1, t('login.passwordRequired')),
  });
type Values = z.infer<ReturnType<typeof makeSchema>>;

function signInMessage(error: string, t: Translate): string {
  if (error.startsWith('locked:')) {
    const until = new Date(error.slice('locked:'.length));
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return t('login.locked', { minutes });
  }
  if (error === 'CredentialsSignin') return t('login.failed');
  return t('login.error');
}

export function LoginForm() {
  const router = useRouter();
  const { t } = useI18n();
  const schema = useMemo(() => makeSchema(t), [t]);
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      setError(signInMessage(result?.error ?? '', t));
      return;
    }
    router.replace('/');
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack spacing={2}>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <TextField
          label={t('login.email')}
          type="email"
          autoComplete="username"
          autoFocus
          {...register('email')}
          error={!!errors.email}
          helperText={errors.email?.message}
        />
        <TextField
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          {...register('password')}
          error={!!errors.password}
          helperText={errors.password?.message}
        />
        <Button type="submit" variant="contained" size="large" loading={isSubmitting}>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
