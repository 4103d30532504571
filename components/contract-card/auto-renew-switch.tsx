'use client';
import Alert from '@mui/material/Alert';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
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
  const [error, setError] = useState<string | null>(null);
  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    const r = await setAutoRenewAction({ id, version, autoRenew: next });
    setBusy(false);
    if (!r.ok) setError(r.error ?? 'Failed.');
    router.refresh();
  }
  return (
    <>
      <FormControlLabel
        sx={{ mt: 2 }}
        control={
          <Switch checked={checked} disabled={disabled || busy} onChange={(e) => toggle(e.target.checked)} />
        }
        label={t('card.autoRenew')}
      />
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </>
  );
}
