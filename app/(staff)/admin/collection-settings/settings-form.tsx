'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/lib/i18n/messages';
import { saveCollectionSettingsAction } from './actions';

export type SettingsValues = {
  version?: number;
  creditorId: string;
  creditorName: string;
  iban: string;
  bic: string;
  preNotificationDays: string;
  returnFee: string;
};

const FIELDS: { name: keyof Omit<SettingsValues, 'version'>; label: MessageKey; type?: string }[] = [
  { name: 'creditorId', label: 'coll.creditorId' },
  { name: 'creditorName', label: 'coll.creditorName' },
  { name: 'iban', label: 'coll.iban' },
  { name: 'bic', label: 'coll.bic' },
  { name: 'preNotificationDays', label: 'coll.preNotificationDays', type: 'number' },
  { name: 'returnFee', label: 'coll.returnFee' },
];

/** The insurer's SEPA creditor settings (one record, version-checked). */
export function CollectionSettingsForm({ initial }: { initial: SettingsValues }) {
  const { t } = useI18n();
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack
      spacing={2}
      component="form"
      aria-label={t('coll.settings')}
      sx={{ maxWidth: 520 }}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await saveCollectionSettingsAction({ ...values });
        setBusy(false);
        if (r.ok) {
          setErrors({});
          setValues((v) => ({ ...v, version: r.data.version }));
          setMessage({ ok: true, text: t('coll.saved') });
          router.refresh();
        } else {
          setErrors(r.fieldErrors ?? {});
          setMessage({ ok: false, text: r.error });
        }
      }}
    >
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      {FIELDS.map((f) => (
        <TextField
          key={f.name}
          name={f.name}
          label={t(f.label)}
          type={f.type ?? 'text'}
          value={values[f.name]}
          onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
          error={!!errors[f.name]}
          helperText={errors[f.name]?.[0]}
        />
      ))}
      <Button type="submit" variant="contained" loading={busy} sx={{ alignSelf: 'flex-start' }}>
        {t('coll.save')}
      </Button>
    </Stack>
  );
}
