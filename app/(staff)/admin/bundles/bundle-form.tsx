'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, type FieldPath, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormDateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import type { BundleDto } from '@/lib/reference/bundles';
import { bundleInput } from '@/lib/validation/reference';
import { createBundleAction, updateBundleAction } from './actions';

type Values = z.input<typeof bundleInput>;

function toValues(b?: BundleDto): Values {
  return {
    code: b?.code ?? '',
    name: b?.name ?? '',
    periodicityMonths: b?.periodicityMonths ?? 12,
    contributionPlanIds: b?.contributionPlanIds ?? [],
    dateValidFrom: b?.dateValidFrom ?? new Date().toISOString().slice(0, 10),
    dateValidTo: b?.dateValidTo ?? '',
  };
}

/** Create or change a bundle: its plans are ticked from the live contribution plans. */
export function BundleForm({
  bundle,
  plans,
}: {
  bundle?: BundleDto;
  plans: { id: string; code: string; name: string; productCode: string }[];
}) {
  const router = useRouter();
  const { t, tm } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError: setFieldError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<Values, unknown, z.output<typeof bundleInput>>({
    resolver: zodResolver(bundleInput),
    defaultValues: toValues(bundle),
  });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    const result = bundle
      ? await updateBundleAction({ ...values, id: bundle.id, version: bundle.version })
      : await createBundleAction(values);
    if (!result.ok) {
      const known = Object.keys(result.fieldErrors ?? {}).filter((f) => f in toValues());
      for (const f of known) setFieldError(f as FieldPath<Values>, { message: result.fieldErrors![f]![0] });
      setError(known.length ? null : result.error);
      return;
    }
    if (!bundle) {
      router.push(`/admin/bundles/${result.data.id}`);
      return;
    }
    reset(toValues(result.data));
    setSaved(true);
    router.refresh();
  });

  const text = (
    name: 'code' | 'name' | 'periodicityMonths' | 'dateValidFrom' | 'dateValidTo',
    label: string,
    md: number,
    type?: string,
  ) => (
    <Grid size={{ xs: 12, md }}>
      {type === 'date' ? (
        <FormDateInput
          control={control}
          name={name}
          label={label}
          error={!!errors[name]}
          helperText={tm(errors[name]?.message)}
        />
      ) : (
        <TextField
          label={label}
          type={type}
          {...register(name)}
          error={!!errors[name]}
          helperText={tm(errors[name]?.message)}
        />
      )}
    </Grid>
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('bundles.form')}>
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {saved && <Alert severity="success">{t('card.saved')}</Alert>}
        <Grid container spacing={2}>
          {text('code', t('pc.code'), 3)}
          {text('name', t('pc.name'), 9)}
          {text('periodicityMonths', t('plans.periodicity'), 3, 'number')}
          {text('dateValidFrom', t('pc.validFrom'), 3, 'date')}
          {text('dateValidTo', t('pc.validTo'), 3, 'date')}
        </Grid>
        <Controller
          control={control}
          name="contributionPlanIds"
          render={({ field: f }) => {
            const ids = f.value ?? [];
            return (
              <FormControl component="fieldset" error={!!errors.contributionPlanIds}>
                <FormLabel component="legend">{t('bundles.plans')}</FormLabel>
                <FormGroup>
                  {plans.map((p) => (
                    <FormControlLabel
                      key={p.id}
                      label={`${p.code} · ${p.name} (${p.productCode})`}
                      control={
                        <Checkbox
                          checked={ids.includes(p.id)}
                          onChange={(e) =>
                            f.onChange(e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id))
                          }
                        />
                      }
                    />
                  ))}
                </FormGroup>
                {errors.contributionPlanIds && (
                  <FormHelperText>{tm(errors.contributionPlanIds.message)}</FormHelperText>
                )}
              </FormControl>
            );
          }}
        />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" loading={isSubmitting} disabled={!!bundle && !isDirty}>
            {bundle ? t('common.save') : t('bundles.create')}
          </Button>
          {bundle && isDirty && (
            <Button onClick={() => reset(toValues(bundle))} disabled={isSubmitting}>
              {t('card.discard')}
            </Button>
          )}
        </Stack>
      </Stack>
    </form>
  );
}
