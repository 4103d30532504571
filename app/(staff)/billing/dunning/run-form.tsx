'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateInput, INVALID_DATE } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { runDunningAction } from './actions';

/** Choose the day: show the overview on it, or (approvers) run that day's dunning. */
export function DunningRunForm({ asOf, canRun }: { asOf: string; canRun: boolean }) {
  const router = useRouter();
  const { t, tm } = useI18n();
  const [day, setDay] = useState(asOf);
  const [confirm, setConfirm] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <Stack
      spacing={2}
      component="form"
      aria-label={t('dun.asOf')}
      onSubmit={(e) => {
        e.preventDefault();
        router.push(`/billing/dunning?asOf=${day}`);
      }}
    >
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} role="status">
          {message.text}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <DateInput name="asOf" label={t('dun.asOf')} value={day} onChange={setDay} />
        <Button type="submit" variant="outlined">
          {t('dun.show')}
        </Button>
        {canRun && (
          <Button
            variant="contained"
            onClick={() => setConfirm(true)}
            disabled={!day || day === INVALID_DATE}
          >
            {t('dun.run')}
          </Button>
        )}
      </Stack>
      <ConfirmDialog
        open={confirm}
        title={t('dun.run')}
        message={t('dun.runConfirm', { date: day })}
        confirmLabel={t('dun.run')}
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          const r = await runDunningAction({ asOf: day });
          if (!r.ok) return r.error;
          setConfirm(false);
          const d = r.data;
          setMessage({
            ok: d.failed.length === 0,
            text:
              t('dun.runDone', {
                date: d.asOf,
                letters: d.letters,
                suspended: d.suspended,
                terminated: d.terminated,
                closed: d.closed,
                held: d.held,
              }) +
              (d.failed.length
                ? ` ${t('dun.runFailed', { count: d.failed.length, first: `${d.failed[0]!.chainCode}: ${tm(d.failed[0]!.error)}` })}`
                : ''),
          });
          router.push(`/billing/dunning?asOf=${d.asOf}`);
          router.refresh();
          return null;
        }}
      />
    </Stack>
  );
}
