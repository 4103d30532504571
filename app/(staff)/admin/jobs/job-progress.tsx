'use client';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { cancelJobAction, retryJobAction } from './actions';

/** Re-reads the page every second while a job shown on it runs: its progress survives any reload. */
export function LiveRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}

export function JobBar({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <LinearProgress
      aria-label={label}
      variant="determinate"
      value={total ? Math.min(100, (100 * done) / total) : 100}
      sx={{ my: 0.5 }}
    />
  );
}

export function JobButtons({ id, active, retryable }: { id: string; active: boolean; retryable: boolean }) {
  const router = useRouter();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: typeof cancelJobAction) => {
    setBusy(true);
    setError(null);
    const r = await action(id);
    setBusy(false);
    if (!r.ok) setError(r.error);
    router.refresh();
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {active && (
        <Button variant="outlined" color="warning" loading={busy} onClick={() => act(cancelJobAction)}>
          {t('jobs.cancel')}
        </Button>
      )}
      {retryable && (
        <Button variant="contained" loading={busy} onClick={() => act(retryJobAction)}>
          {t('jobs.retry')}
        </Button>
      )}
      {error && (
        <span role="alert" style={{ color: 'inherit' }}>
          {error}
        </span>
      )}
    </Stack>
  );
}
