'use client';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { holdDunningAction, releaseDunningHoldAction } from '@/app/(staff)/billing/dunning/actions';
import { DateInput } from '@/components/date-input';
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';

/** Hold a policy holder's dunning with a reason until a day (approvers). */
export function HoldForm({ policyHolderId, today }: { policyHolderId: string; today: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const notify = useFeedback();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={1}
      component="form"
      aria-label={t('dun.holdAdd')}
      sx={{ my: 1, alignItems: { sm: 'flex-start' } }}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await holdDunningAction({ policyHolderId, reason, until });
        setBusy(false);
        if (!r.ok) {
          setErrors(r.fieldErrors ?? {});
          notify({ severity: 'error', message: r.error });
          return;
        }
        setErrors({});
        setReason('');
        setUntil('');
        notify({ severity: 'success', message: t('dun.holdSaved', { date: r.data.until }) });
        router.refresh();
      }}
    >
      <TextField
        label={t('dun.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={!!errors.reason}
        helperText={errors.reason?.[0]}
        size="small"
        sx={{ minWidth: { sm: 280 } }}
      />
      <DateInput
        label={t('dun.holdUntil')}
        value={until}
        onChange={setUntil}
        error={!!errors.until}
        helperText={errors.until?.[0]}
        size="small"
        min={today}
      />
      <Button type="submit" variant="outlined" loading={busy}>
        {t('dun.holdAdd')}
      </Button>
    </Stack>
  );
}

export function ReleaseHoldButton({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const router = useRouter();
  const notify = useFeedback();
  return (
    <Button
      size="small"
      onClick={async () => {
        const r = await releaseDunningHoldAction({ id, version });
        notify(
          r.ok
            ? { severity: 'success', message: t('dun.holdReleased') }
            : { severity: 'error', message: r.error },
        );
        router.refresh();
      }}
    >
      {t('dun.holdRelease')}
    </Button>
  );
}
