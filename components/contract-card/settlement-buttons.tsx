'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { refundCreditAction, reverseReceiptAction } from './actions';

type Field = { name: 'amount' | 'reason'; label: string; initial: string };

/** A button that opens a dialog asking for a reason (and an amount), then runs an approver's action. */
function ReasonDialogButton({
  label,
  title,
  body,
  fields,
  run,
}: {
  label: string;
  title: string;
  body: string;
  fields: Field[];
  run: (
    values: Record<string, string>,
  ) => Promise<{ ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string[]> }>;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial])),
  );
  const [error, setError] = useState<{ text: string; fields: Record<string, string[]> } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <span>{body}</span>
            {error && <Alert severity="error">{error.text}</Alert>}
            {fields.map((f) => (
              <TextField
                key={f.name}
                label={f.label}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                error={!!error?.fields[f.name]}
                helperText={error?.fields[f.name]?.[0]}
                required
              />
            ))}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          <Button
            variant="contained"
            color="warning"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              const r = await run(values);
              setBusy(false);
              if (!r.ok) {
                setError({ text: r.error, fields: r.fieldErrors ?? {} });
                return;
              }
              setOpen(false);
              router.refresh();
            }}
          >
            {label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export function ReverseReceiptButton(props: {
  contractId: string;
  receiptId: string;
  version: number;
  number: string;
}) {
  const { t } = useI18n();
  return (
    <ReasonDialogButton
      label={t('pay.reverse')}
      title={t('pay.reverseTitle', { number: props.number })}
      body={t('pay.reverseBody')}
      fields={[{ name: 'reason', label: t('pay.reason'), initial: '' }]}
      run={(v) =>
        reverseReceiptAction(props.contractId, {
          receiptId: props.receiptId,
          version: props.version,
          reason: v.reason,
        })
      }
    />
  );
}

export function RefundButton({ contractId, credit }: { contractId: string; credit: string }) {
  const { t } = useI18n();
  return (
    <ReasonDialogButton
      label={t('pay.refund')}
      title={t('pay.refundTitle')}
      body={t('pay.refundBody', { credit })}
      fields={[
        { name: 'amount', label: t('pay.amount'), initial: credit },
        { name: 'reason', label: t('pay.reason'), initial: '' },
      ]}
      run={(v) => refundCreditAction({ contractId, amount: v.amount, reason: v.reason })}
    />
  );
}
