'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

const schema = z.object({
  email: z.string().trim().min(1, 'E-mail is required.').email('Enter a valid e-mail address.'),
  password: z.string().min(1, 'Password is required.'),
});
type Values = z.infer<typeof schema>;

function signInMessage(error: string): string {
  if (error.startsWith('locked:')) {
    const until = new Date(error.slice('locked:'.length));
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return `Too many failed attempts. This account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`;
  }
  if (error === 'CredentialsSignin') return 'Wrong e-mail or password.';
  return 'Sign-in failed. Please try again.';
}

export function LoginForm() {
  const router = useRouter();
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
      setError(signInMessage(result?.error ?? ''));
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
          label="E-mail"
          type="email"
          autoComplete="username"
          autoFocus
          {...register('email')}
          error={!!errors.email}
          helperText={errors.email?.message}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          {...register('password')}
          error={!!errors.password}
          helperText={errors.password?.message}
        />
        <Button type="submit" variant="contained" size="large" loading={isSubmitting}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
