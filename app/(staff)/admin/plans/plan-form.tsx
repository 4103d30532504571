'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, type FieldPath, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { FormDateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { CALCULATION_RULES, PREMIUM_RULE_KEY } from '@/lib/calculation/rules';
import { type MessageKey, paramLabel } from '@/lib/i18n/messages';
import type { PremiumRuleChoice } from '@/lib/premium-rules/rules';
import type { PlanDto } from '@/lib/reference/plans';
import { planInput } from '@/lib/validation/reference';
import { createPlanAction, updatePlanAction } from './actions';

type Values = z.input<typeof planInput>;
type Field = { name: string; label: string; kind: string; required: boolean };

function toValues(p?: PlanDto, productId?: string): Values {
  return {
    code: p?.code ?? '',
    name: p?.name ?? '',
    productId: p?.productId ?? productId ?? '',
    calculationRule: p?.calculationRule ?? 'percent-of-income',
    params: p?.params ?? {},
    periodicityMonths: p?.periodicityMonths ?? 12,
    dateValidFrom: p?.dateValidFrom ?? new Date().toISOString().slice(0, 10),
    dateValidTo: p?.dateValidTo ?? '',
  };
}

/**
 * Create or change a contribution plan. The rule's parameter fields are generated from the rule's
 * declaration (lib/calculation/rules.ts); a configured premium rule adds the plan-level inputs its
 * newest version declares. The service checks them again against the rule's schema.
 */
export function PlanForm({
  plan,
  products,
  rules,
  productId,
}: {
  plan?: PlanDto;
  products: { id: string; code: string; name: string }[];
  rules: PremiumRuleChoice[];
  productId?: string;
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
    setValue,
    setError: setFieldError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<Values, unknown, z.output<typeof planInput>>({
    resolver: zodResolver(planInput),
    defaultValues: toValues(plan, productId),
  });
  const ruleKey = useWatch({ control, name: 'calculationRule' });
  const params = (useWatch({ control, name: 'params' }) ?? {}) as Record<string, unknown>;
  const chosen = rules.find((r) => r.code === params.rule);
  const fields: Field[] = [
    ...(CALCULATION_RULES[ruleKey]?.planFields ?? []).filter((f) => f.name !== 'rule'),
    ...(ruleKey === PREMIUM_RULE_KEY ? (chosen?.planInputs ?? []) : []),
  ];
  const paramErrors = (errors.params ?? {}) as Record<string, { message?: string } | undefined>;
  const serverParamError = (name: string) => tm(paramErrors[name]?.message);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    const result = plan
      ? await updatePlanAction({ ...values, id: plan.id, version: plan.version })
      : await createPlanAction(values);
    if (!result.ok) {
      const known = Object.keys(result.fieldErrors ?? {}).filter(
        (f) => f in toValues() || f.startsWith('params.'),
      );
      for (const f of known) setFieldError(f as FieldPath<Values>, { message: result.fieldErrors![f]![0] });
      setError(known.length ? null : result.error);
      return;
    }
    if (!plan) {
      router.push(`/admin/plans/${result.data.id}`);
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
    <form onSubmit={onSubmit} noValidate aria-label={t('plans.form')}>
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {saved && <Alert severity="success">{t('card.saved')}</Alert>}
        <Grid container spacing={2}>
          {text('code', t('pc.code'), 3)}
          {text('name', t('pc.name'), 5)}
          <Grid size={{ xs: 12, md: 4 }}>
            <Controller
              control={control}
              name="productId"
              render={({ field: f }) => (
                <TextField
                  select
                  label={t('plans.product')}
                  value={f.value ?? ''}
                  onChange={(e) => f.onChange(e.target.value)}
                  onBlur={f.onBlur}
                  error={!!errors.productId}
                  helperText={tm(errors.productId?.message)}
                >
                  {products.map((p) => (
                    <MenuItem key={p.id} value={p.id}>
                      {p.code} · {p.name}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <Controller
              control={control}
              name="calculationRule"
              render={({ field: f }) => (
                <TextField
                  select
                  label={t('plans.ruleLabel')}
                  value={f.value ?? ''}
                  onChange={(e) => {
                    f.onChange(e.target.value);
                    // Another rule, other parameters: the previous rule's would be refused or ignored.
                    setValue('params', {}, { shouldDirty: true });
                  }}
                  onBlur={f.onBlur}
                  error={!!errors.calculationRule}
                  helperText={tm(errors.calculationRule?.message)}
                >
                  {Object.keys(CALCULATION_RULES).map((k) => (
                    <MenuItem key={k} value={k}>
                      {t(`plans.rule.${k}` as MessageKey)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          </Grid>
          {text('periodicityMonths', t('plans.periodicity'), 2, 'number')}
          {text('dateValidFrom', t('pc.validFrom'), 3, 'date')}
          {text('dateValidTo', t('pc.validTo'), 3, 'date')}
        </Grid>
        <Typography variant="subtitle1" component="h2">
          {t('plans.params')}
        </Typography>
        <Grid container spacing={2}>
          {ruleKey === PREMIUM_RULE_KEY && (
            <Grid size={{ xs: 12, md: 4 }}>
              <TextField
                select
                label={t('plans.premiumRule')}
                value={typeof params.rule === 'string' ? params.rule : ''}
                onChange={(e) =>
                  setValue('params', { ...params, rule: e.target.value }, { shouldDirty: true })
                }
                error={!!paramErrors.rule || !rules.length}
                helperText={serverParamError('rule') ?? (rules.length ? undefined : t('plans.noPremiumRule'))}
              >
                {rules.map((r) => (
                  <MenuItem key={r.code} value={r.code}>
                    {r.code} · {r.name}
                  </MenuItem>
                ))}
              </TextField>
            </Grid>
          )}
          {fields.map((f) => {
            const fromRule = ruleKey === PREMIUM_RULE_KEY && f.name !== 'includeFamily';
            const label = fromRule ? t('plans.ruleInput', { label: f.label }) : paramLabel(t, f);
            const set = (v: unknown) => setValue('params', { ...params, [f.name]: v }, { shouldDirty: true });
            return f.kind === 'boolean' ? (
              <Grid key={f.name} size={{ xs: 12, md: 4 }}>
                <FormControlLabel
                  label={label}
                  control={
                    <Checkbox checked={params[f.name] === true} onChange={(e) => set(e.target.checked)} />
                  }
                />
                {paramErrors[f.name] && <FormHelperText error>{serverParamError(f.name)}</FormHelperText>}
              </Grid>
            ) : (
              <Grid key={f.name} size={{ xs: 12, md: 4 }}>
                <TextField
                  label={label}
                  required={f.required}
                  value={params[f.name] === undefined ? '' : String(params[f.name])}
                  onChange={(e) => set(e.target.value)}
                  error={!!paramErrors[f.name]}
                  helperText={serverParamError(f.name)}
                />
              </Grid>
            );
          })}
        </Grid>
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" loading={isSubmitting} disabled={!!plan && !isDirty}>
            {plan ? t('common.save') : t('plans.create')}
          </Button>
          {plan && isDirty && (
            <Button onClick={() => reset(toValues(plan))} disabled={isSubmitting}>
              {t('card.discard')}
            </Button>
          )}
        </Stack>
      </Stack>
    </form>
  );
}
