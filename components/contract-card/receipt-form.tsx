'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { recordPaymentAction } from './actions';

/** Compares two non-negative decimal strings (the form's amount against what is open), without floats. */
function above(a: string, b: string): boolean {
  const n = (s: string) => {
    const [i = '0', f = ''] = s.trim().split('.');
    return `${i.replace(/^0+(?=\d)/, '').padStart(16, '0')}.${f.padEnd(2, '0').slice(0, 2)}`;
  };
  return /^\d+(\.\d{1,2})?$/.test(a.trim()) && n(a) > n(b);
}

/**
 * Records a receipt against the contract. What is open is proposed; an amount above it asks for a
 * confirmation (the rest stays as the payer's credit), and when nothing is open the receipt can only be
 * recorded as an advance. The server checks all of it again.
 */
export function ReceiptForm({ contractId, open }: { contractId: string; open: string }) {
  const router = useRouter();
  const { t } = useI18n();
  const nothingOpen = !above(open, '0');
  const [values, setValues] = useState({
    amount: nothingOpen ? '' : open,
    receivedAt: new Date().toISOString().slice(0, 10),
    receiptNumber: '',
  });
  const [advance, setAdvance] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  async function send() {
    setConfirming(false);
    setBusy(true);
    setErrors({});
    setMessage(null);
    const r = await recordPaymentAction({ contractId, ...values, advance });
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
        : r.data.overpayment || r.data.allocated === '0.00'
          ? t('pay.credited', { amount: r.data.unallocated })
          : t('pay.recorded', { allocated: r.data.allocated, open: r.data.open }),
    });
    setValues((v) => ({ ...v, receiptNumber: '' }));
    router.refresh();
  }

  return (
    <Stack
      component="form"
      aria-label={t('pay.record')}
      spacing={1}
      sx={{ mt: 2, maxWidth: 760 }}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!nothingOpen && above(values.amount, open)) setConfirming(true);
        else await send();
      }}
    >
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      {nothingOpen && <Alert severity="info">{t('pay.nothingOpen')}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <TextField
          label={t('pay.amount')}
          inputMode="decimal"
          value={values.amount}
          onChange={set('amount')}
          error={!!errors.amount}
          helperText={errors.amount?.[0]}
        />
        <DateInput
          label={t('pay.receivedOn')}
          value={values.receivedAt}
          onChange={(iso) => setValues((v) => ({ ...v, receivedAt: iso }))}
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
        <Button
          type="submit"
          variant="contained"
          loading={busy}
          disabled={nothingOpen && !advance}
          sx={{ flexShrink: 0 }}
        >
          {t('pay.recordButton')}
        </Button>
      </Stack>
      {nothingOpen && (
        <FormControlLabel
          control={<Checkbox checked={advance} onChange={(e) => setAdvance(e.target.checked)} />}
          label={t('pay.advance')}
        />
      )}
      <Dialog open={confirming} onClose={() => setConfirming(false)}>
        <DialogTitle>{t('pay.overTitle')}</DialogTitle>
        <DialogContent>{t('pay.overBody', { amount: values.amount, open })}</DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          <Button variant="contained" onClick={send}>
            {t('pay.overConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
