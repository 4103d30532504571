'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { recordPaymentAction } from './actions';

export function ReceiptForm({ contractId, balance }: { contractId: string; balance: string }) {
  const router = useRouter();
  const { t } = useI18n();
  const [values, setValues] = useState({
    amount: balance,
    receivedAt: new Date().toISOString().slice(0, 10),
    receiptNumber: '',
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  return (
    <Stack
      component="form"
      aria-label={t('pay.record')}
      spacing={1}
      sx={{ mt: 2, maxWidth: 720 }}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setErrors({});
        setMessage(null);
        const r = await recordPaymentAction({ contractId, ...values });
        setBusy(false);
        if (!r.ok) {
          setErrors(r.fieldErrors ?? {});
          setMessage({ ok: false, text: r.error });
          return;
        }
        setMessage({
          ok: true,
          text: r.data.effective
            ? t('pay.effective')
            : t('pay.partial', { received: r.data.received, expected: r.data.expected }),
        });
        setValues((v) => ({ ...v, receiptNumber: '' }));
        router.refresh();
      }}
    >
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <Stack direction="row" spacing={1}>
        <TextField
          label={t('pay.amount')}
          inputMode="decimal"
          value={values.amount}
          onChange={set('amount')}
          error={!!errors.amount}
          helperText={errors.amount?.[0]}
        />
        <TextField
          type="date"
          label={t('pay.receivedOn')}
          value={values.receivedAt}
          onChange={set('receivedAt')}
          slotProps={{ inputLabel: { shrink: true } }}
          error={!!errors.receivedAt}
          helperText={errors.receivedAt?.[0]}
        />
        <TextField
          label={t('pay.number')}
          value={values.receiptNumber}
          onChange={set('receiptNumber')}
          error={!!errors.receiptNumber}
          helperText={errors.receiptNumber?.[0]}
        />
        <Button type="submit" variant="contained" loading={busy} sx={{ flexShrink: 0 }}>
          {t('pay.recordButton')}
        </Button>
      </Stack>
    </Stack>
  );
}
