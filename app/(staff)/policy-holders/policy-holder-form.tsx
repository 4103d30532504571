'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormDateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/lib/i18n/messages';
import type { PolicyHolderDto } from '@/lib/policy-holders/policy-holders';
import { policyHolderInput } from '@/lib/validation/policy-holder';
import { createPolicyHolderAction, updatePolicyHolderAction } from './actions';

type Values = z.input<typeof policyHolderInput>;

const FIELDS: {
  name: keyof Values;
  label: MessageKey;
  type?: string;
  date?: boolean;
  md: number;
  multiline?: boolean;
}[] = [
  { name: 'code', label: 'ph.code', md: 3 },
  { name: 'tradeName', label: 'ph.tradeName', md: 5 },
  { name: 'contactName', label: 'ph.contactName', md: 4 },
  { name: 'email', label: 'ph.email', type: 'email', md: 4 },
  { name: 'phone', label: 'ph.phone', md: 4 },
  { name: 'paymentReference', label: 'ph.paymentReference', md: 4 },
  { name: 'dateValidFrom', label: 'ph.validFrom', date: true, md: 3 },
  { name: 'dateValidTo', label: 'ph.validTo', date: true, md: 3 },
  { name: 'address', label: 'ph.address', md: 6, multiline: true },
];

function toValues(ph?: PolicyHolderDto): Values {
  return {
    code: ph?.code ?? '',
    tradeName: ph?.tradeName ?? '',
    contactName: ph?.contactName ?? '',
    email: ph?.email ?? '',
    phone: ph?.phone ?? '',
    address: ph?.address ?? '',
    language: ph?.language ?? 'en',
    paymentReference: ph?.paymentReference ?? '',
    billingFrequencyMonths: ph?.billingFrequencyMonths ? (String(ph.billingFrequencyMonths) as '12') : '',
    dateValidFrom: ph?.dateValidFrom ?? new Date().toISOString().slice(0, 10),
    dateValidTo: ph?.dateValidTo ?? '',
  };
}

export function PolicyHolderForm({
  policyHolder,
  readOnly,
}: {
  policyHolder?: PolicyHolderDto;
  readOnly?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { t, tm } = useI18n();
  const {
    register,
    control,
    handleSubmit,
    setError: setFieldError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<Values, unknown, z.output<typeof policyHolderInput>>({
    resolver: zodResolver(policyHolderInput),
    defaultValues: toValues(policyHolder),
  });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    const result = policyHolder
      ? await updatePolicyHolderAction({ ...values, id: policyHolder.id, version: policyHolder.version })
      : await createPolicyHolderAction(values);
    if (!result.ok) {
      // Field errors show beside their fields; the banner is for what belongs to no field.
      const hasFieldErrors = Object.keys(result.fieldErrors ?? {}).some((f) => f in toValues());
      setError(hasFieldErrors ? null : result.error);
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (field in toValues()) setFieldError(field as FieldPath<Values>, { message: messages[0] });
      }
      return;
    }
    if (!policyHolder) {
      router.push(`/policy-holders/${result.data.id}`);
      return;
    }
    reset(toValues(result.data));
    setSaved(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('ph.form')}>
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {saved && <Alert severity="success">{t('card.saved')}</Alert>}
        <Grid container spacing={2}>
          {FIELDS.map((f) => (
            <Grid key={f.name} size={{ xs: 12, md: f.md }}>
              {f.date ? (
                <FormDateInput
                  control={control}
                  name={f.name}
                  label={t(f.label)}
                  readOnly={readOnly}
                  error={!!errors[f.name]}
                  helperText={tm(errors[f.name]?.message)}
                />
              ) : (
                <TextField
                  label={t(f.label)}
                  type={f.type}
                  multiline={f.multiline}
                  slotProps={{ input: { readOnly } }}
                  {...register(f.name)}
                  error={!!errors[f.name]}
                  helperText={tm(errors[f.name]?.message)}
                />
              )}
            </Grid>
          ))}
          <Grid size={{ xs: 12, md: 3 }}>
            <TextField
              select
              label={t('ph.language')}
              defaultValue={policyHolder?.language ?? 'en'}
              slotProps={{ input: { readOnly } }}
              {...register('language')}
              error={!!errors.language}
              helperText={tm(errors.language?.message) ?? t('ph.languageHelp')}
            >
              <MenuItem value="en">{t('ph.english')}</MenuItem>
              <MenuItem value="fr">{t('ph.french')}</MenuItem>
            </TextField>
          </Grid>
          <Grid size={{ xs: 12, md: 3 }}>
            <TextField
              select
              label={t('ph.billing')}
              defaultValue={
                policyHolder?.billingFrequencyMonths ? String(policyHolder.billingFrequencyMonths) : ''
              }
              slotProps={{ input: { readOnly } }}
              {...register('billingFrequencyMonths')}
              error={!!errors.billingFrequencyMonths}
              helperText={tm(errors.billingFrequencyMonths?.message) ?? t('ph.billingHelp')}
            >
              <MenuItem value="">{t('ph.billingProduct')}</MenuItem>
              <MenuItem value="12">{t('ph.billing12')}</MenuItem>
              <MenuItem value="6">{t('ph.billing6')}</MenuItem>
              <MenuItem value="3">{t('ph.billing3')}</MenuItem>
              <MenuItem value="1">{t('ph.billing1')}</MenuItem>
            </TextField>
          </Grid>
        </Grid>
        {!readOnly && (
          <Stack direction="row" spacing={1}>
            <Button
              type="submit"
              variant="contained"
              loading={isSubmitting}
              disabled={!!policyHolder && !isDirty}
            >
              {policyHolder ? t('common.save') : t('ph.create')}
            </Button>
            {policyHolder && isDirty && (
              <Button onClick={() => reset(toValues(policyHolder))} disabled={isSubmitting}>
                {t('card.discard')}
              </Button>
            )}
          </Stack>
        )}
      </Stack>
    </form>
  );
}
