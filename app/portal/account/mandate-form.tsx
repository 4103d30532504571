'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { giveMandateAction } from './actions';

/** The portal's mandate form: the account to debit and the acceptance of the mandate text. */
export function GiveMandateForm({
  policyHolderId,
  creditorName,
  mandateText,
}: {
  policyHolderId: string;
  creditorName: string | null;
  mandateText: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [values, setValues] = useState({ debtorName: '', iban: '', bic: '' });
  const [accept, setAccept] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof values, label: 'mandate.debtorName' | 'coll.iban' | 'coll.bic') => (
    <TextField
      name={name}
      label={t(label)}
      value={values[name]}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      error={!!errors[name]}
      helperText={errors[name]?.[0]}
      size="small"
    />
  );
  return (
    <Stack
      spacing={1.5}
      component="form"
      aria-label={t('mandate.give')}
      sx={{ maxWidth: 640 }}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await giveMandateAction({ ...values, policyHolderId, accept });
        setBusy(false);
        if (r.ok) {
          setMessage({ ok: true, text: t('mandate.given') });
          router.refresh();
        } else {
          setErrors(r.fieldErrors ?? {});
          setMessage({ ok: false, text: r.error });
        }
      }}
    >
      <Typography variant="h6" component="h2">
        {t('mandate.give')}
      </Typography>
      <Typography>{t('mandate.giveIntro')}</Typography>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      {field('debtorName', 'mandate.debtorName')}
      {field('iban', 'coll.iban')}
      {field('bic', 'coll.bic')}
      <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
        {creditorName ? `${creditorName}: ` : ''}
        {mandateText}
      </Typography>
      <FormControlLabel
        control={<Checkbox checked={accept} onChange={(e) => setAccept(e.target.checked)} />}
        label={t('mandate.accept')}
      />
      {errors.accept && <Alert severity="error">{errors.accept[0]}</Alert>}
      <Button
        type="submit"
        variant="contained"
        loading={busy}
        disabled={!accept}
        sx={{ alignSelf: 'flex-start' }}
      >
        {t('mandate.submit')}
      </Button>
    </Stack>
  );
}
