'use client';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';
import { setAutoRenewAction } from './actions';

/** UC3-14: staff mark a contract for automatic renewal; the daily job creates the next period's contract. */
export function AutoRenewSwitch({
  id,
  version,
  checked,
  disabled,
}: {
  id: string;
  version: number;
  checked: boolean;
  disabled: boolean;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const notify = useFeedback();
  async function toggle(next: boolean, from = version) {
    setBusy(true);
    const r = await setAutoRenewAction({ id, version: from, autoRenew: next });
    setBusy(false);
    router.refresh();
    if (!r.ok) return notify({ severity: 'error', message: t('snack.failed', { reason: r.error ?? '' }) });
    // Undo sets it back, from the version this change made.
    notify({
      severity: 'success',
      message: t(next ? 'snack.autoRenewOn' : 'snack.autoRenewOff'),
      undo: () => toggle(!next, r.data.version),
    });
  }
  return (
    <FormControlLabel
      sx={{ mt: 2 }}
      control={
        <Switch checked={checked} disabled={disabled || busy} onChange={(e) => toggle(e.target.checked)} />
      }
      label={t('card.autoRenew')}
    />
  );
}
