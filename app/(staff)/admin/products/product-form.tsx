'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, type FieldPath, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useI18n } from '@/components/i18n';
import type { ProductDto } from '@/lib/reference/products';
import { productInput } from '@/lib/validation/reference';
import { createProductAction, updateProductAction } from './actions';

type Values = z.input<typeof productInput>;

function toValues(p?: ProductDto): Values {
  return {
    code: p?.code ?? '',
    name: p?.name ?? '',
    insurancePeriodMonths: p?.insurancePeriodMonths ?? 12,
    gracePeriodDays: p?.gracePeriodDays ?? 0,
    billingFrequencyMonths: p?.billingFrequencyMonths ?? 12,
    payBeforeEffective: (p?.payBeforeEffective as 'first' | 'all' | undefined) ?? 'all',
    renewAsNegotiable: p?.renewAsNegotiable ?? false,
  };
}

/** Create or change a product: the same schema as the service and the API (lib/validation/reference). */
export function ProductForm({ product }: { product?: ProductDto }) {
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
  } = useForm<Values, unknown, z.output<typeof productInput>>({
    resolver: zodResolver(productInput),
    defaultValues: toValues(product),
  });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    const result = product
      ? await updateProductAction({ ...values, id: product.id, version: product.version })
      : await createProductAction(values);
    if (!result.ok) {
      const known = Object.keys(result.fieldErrors ?? {}).filter((f) => f in toValues());
      for (const f of known) setFieldError(f as FieldPath<Values>, { message: result.fieldErrors![f]![0] });
      setError(known.length ? null : result.error);
      return;
    }
    if (!product) {
      router.push(`/admin/products/${result.data.id}`);
      return;
    }
    reset(toValues(result.data));
    setSaved(true);
    router.refresh();
  });

  const field = (
    name: 'code' | 'name' | 'insurancePeriodMonths' | 'gracePeriodDays',
    label: string,
    md: number,
    type?: string,
    help?: string,
  ) => (
    <Grid size={{ xs: 12, md }}>
      <TextField
        label={label}
        type={type}
        slotProps={type === 'number' ? { htmlInput: { min: 0 } } : undefined}
        {...register(name)}
        error={!!errors[name]}
        helperText={tm(errors[name]?.message) ?? help}
      />
    </Grid>
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('products.form')}>
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {saved && <Alert severity="success">{t('card.saved')}</Alert>}
        <Grid container spacing={2}>
          {field('code', t('pc.code'), 3)}
          {field('name', t('pc.name'), 9)}
          {field('insurancePeriodMonths', t('products.period'), 3, 'number')}
          {field('gracePeriodDays', t('products.grace'), 3, 'number', t('products.graceHelp'))}
          <Grid size={{ xs: 12, md: 3 }}>
            <Controller
              control={control}
              name="billingFrequencyMonths"
              render={({ field: f }) => (
                <TextField
                  select
                  label={t('products.billing')}
                  value={String(f.value ?? 12)}
                  onChange={(e) => f.onChange(Number(e.target.value))}
                  onBlur={f.onBlur}
                  error={!!errors.billingFrequencyMonths}
                  helperText={tm(errors.billingFrequencyMonths?.message)}
                >
                  <MenuItem value="12">{t('products.billing12')}</MenuItem>
                  <MenuItem value="6">{t('products.billing6')}</MenuItem>
                  <MenuItem value="3">{t('products.billing3')}</MenuItem>
                  <MenuItem value="1">{t('products.billing1')}</MenuItem>
                </TextField>
              )}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 3 }}>
            <Controller
              control={control}
              name="payBeforeEffective"
              render={({ field: f }) => (
                <TextField
                  select
                  label={t('products.payBefore')}
                  value={f.value ?? 'all'}
                  onChange={(e) => f.onChange(e.target.value)}
                  onBlur={f.onBlur}
                  error={!!errors.payBeforeEffective}
                  helperText={tm(errors.payBeforeEffective?.message)}
                >
                  <MenuItem value="first">{t('products.payFirst')}</MenuItem>
                  <MenuItem value="all">{t('products.payAll')}</MenuItem>
                </TextField>
              )}
            />
          </Grid>
          <Grid size={{ xs: 12 }}>
            <Controller
              control={control}
              name="renewAsNegotiable"
              render={({ field: f }) => (
                <FormControlLabel
                  label={t('products.renew')}
                  control={<Checkbox checked={!!f.value} onChange={(e) => f.onChange(e.target.checked)} />}
                />
              )}
            />
          </Grid>
        </Grid>
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" loading={isSubmitting} disabled={!!product && !isDirty}>
            {product ? t('common.save') : t('products.create')}
          </Button>
          {product && isDirty && (
            <Button onClick={() => reset(toValues(product))} disabled={isSubmitting}>
              {t('card.discard')}
            </Button>
          )}
        </Stack>
      </Stack>
    </form>
  );
}
