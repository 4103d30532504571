'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Controller, type FieldPath, useForm } from 'react-hook-form';
import { FormDateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { insureeFieldsFor, type ParamField } from '@/lib/calculation/rules';
import { paramLabel } from '@/lib/i18n/messages';
import type { BundleDto, InsureeOption, PolicyHolderInsureeDto } from '@/lib/policy-holders/insurees';
import { policyHolderInsureeInput, policyHolderInsureeUpdate } from '@/lib/validation/policy-holder';
import {
  addPolicyHolderInsureeAction,
  searchInsureesAction,
  updatePolicyHolderInsureeAction,
} from './actions';

type Bundle = BundleDto & { ruleKeys: string[]; insureeFields?: ParamField[] };
// Loose form shape: the add and edit schemas validate it (via zodResolver) before anything is sent.
type Values = {
  policyHolderId: string;
  id?: string;
  version?: number;
  insureeId?: string;
  newInsuree?: {
    insuranceNumber: string;
    firstName: string;
    lastName: string;
    gender: string;
    dateOfBirth: string;
  };
  bundleId: string;
  calculationParams: Record<string, string>;
  dateValidFrom: string;
  dateValidTo: string;
};

const label = (i: InsureeOption) => `${i.insuranceNumber} · ${i.lastName} ${i.firstName}`;

export function InsureeDialog({
  policyHolderId,
  bundles,
  line,
  onClose,
}: {
  policyHolderId: string;
  bundles: Bundle[];
  line?: PolicyHolderInsureeDto;
  onClose: () => void;
}) {
  const router = useRouter();
  const { t, tm } = useI18n();
  const editing = !!line;
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [options, setOptions] = useState<InsureeOption[]>([]);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    // biome-ignore lint/suspicious/noExplicitAny: one form serves two schemas of different shapes
    resolver: zodResolver((editing ? policyHolderInsureeUpdate : policyHolderInsureeInput) as any),
    shouldUnregister: true,
    defaultValues: {
      policyHolderId,
      id: line?.id,
      version: line?.version,
      bundleId: line?.bundleId ?? bundles[0]?.id ?? '',
      calculationParams: Object.fromEntries(
        Object.entries(line?.calculationParams ?? {}).map(([k, v]) => [k, String(v)]),
      ),
      dateValidFrom: line?.dateValidFrom ?? new Date().toISOString().slice(0, 10),
      dateValidTo: line?.dateValidTo ?? '',
    },
  });

  useEffect(() => {
    if (editing || mode !== 'existing') return;
    const t = setTimeout(async () => {
      const res = await searchInsureesAction(query);
      if (res.ok) setOptions(res.data);
    }, 250);
    return () => clearTimeout(t);
  }, [query, mode, editing]);

  const bundle = bundles.find((b) => b.id === watch('bundleId'));
  const paramFields = bundle?.insureeFields ?? insureeFieldsFor(bundle?.ruleKeys ?? []);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const result = line
      ? await updatePolicyHolderInsureeAction({
          ...values,
          id: line.id,
          version: line.version,
          policyHolderId,
        })
      : await addPolicyHolderInsureeAction({ ...values, policyHolderId });
    if (!result.ok) {
      // Field errors show beside their fields; the banner is for what belongs to no field.
      const hasFieldErrors = Object.keys(result.fieldErrors ?? {}).some((f) => f !== '_form');
      setError(hasFieldErrors ? null : result.error);
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setFieldError(field as FieldPath<Values>, { message: messages[0] });
      }
      return;
    }
    router.refresh();
    onClose();
  });

  const err = (path: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: nested error lookup by dotted path
    const e = path.split('.').reduce<any>((acc, k) => acc?.[k], errors);
    return { error: !!e, helperText: tm(e?.message as string | undefined) };
  };

  return (
    <Dialog
      open
      onClose={isSubmitting ? undefined : onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="insuree-dialog-title"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="insuree-dialog-title">
          {editing ? t('ins.editTitle') : t('ins.addTitle')}
        </DialogTitle>
        <DialogContent>
          {/* Hidden, but registered: with shouldUnregister the resolver only sees registered fields. */}
          <input type="hidden" {...register('policyHolderId')} />
          {line && <input type="hidden" {...register('id')} />}
          {line && <input type="hidden" {...register('version')} />}
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <Grid container spacing={2} sx={{ pt: 1 }}>
            {editing ? (
              <Grid size={12}>
                <TextField
                  label={t('ins.insuree')}
                  value={`${line.insuranceNumber} · ${line.lastName} ${line.firstName}`}
                  slotProps={{ input: { readOnly: true } }}
                />
              </Grid>
            ) : (
              <>
                <Grid size={12}>
                  <ToggleButtonGroup
                    exclusive
                    size="small"
                    value={mode}
                    onChange={(_, v) => v && setMode(v)}
                    aria-label={t('ins.source')}
                  >
                    <ToggleButton value="existing">{t('ins.existing')}</ToggleButton>
                    <ToggleButton value="new">{t('ins.new')}</ToggleButton>
                  </ToggleButtonGroup>
                </Grid>
                {mode === 'existing' ? (
                  <Grid size={12}>
                    <Controller
                      control={control}
                      name="insureeId"
                      render={({ field }) => (
                        <Autocomplete
                          options={options}
                          getOptionLabel={label}
                          filterOptions={(x) => x}
                          isOptionEqualToValue={(a, b) => a.id === b.id}
                          onInputChange={(_, v) => setQuery(v)}
                          onChange={(_, v) => field.onChange(v?.id)}
                          renderInput={(params) => (
                            <TextField {...params} label={t('ins.search')} {...err('insureeId')} />
                          )}
                        />
                      )}
                    />
                  </Grid>
                ) : (
                  <>
                    <Grid size={{ xs: 12, sm: 6 }}>
                      <TextField
                        label={t('ins.number')}
                        {...register('newInsuree.insuranceNumber')}
                        {...err('newInsuree.insuranceNumber')}
                      />
                    </Grid>
                    <Grid size={{ xs: 12, sm: 6 }}>
                      <FormDateInput
                        control={control}
                        name="newInsuree.dateOfBirth"
                        label={t('ins.dob')}
                        {...err('newInsuree.dateOfBirth')}
                      />
                    </Grid>
                    <Grid size={{ xs: 12, sm: 6 }}>
                      <TextField
                        label={t('ins.first')}
                        {...register('newInsuree.firstName')}
                        {...err('newInsuree.firstName')}
                      />
                    </Grid>
                    <Grid size={{ xs: 12, sm: 6 }}>
                      <TextField
                        label={t('ins.last')}
                        {...register('newInsuree.lastName')}
                        {...err('newInsuree.lastName')}
                      />
                    </Grid>
                    <Grid size={{ xs: 12, sm: 6 }}>
                      <TextField
                        select
                        label={t('ins.gender')}
                        defaultValue=""
                        {...register('newInsuree.gender')}
                        {...err('newInsuree.gender')}
                      >
                        <MenuItem value="F">{t('ins.female')}</MenuItem>
                        <MenuItem value="M">{t('ins.male')}</MenuItem>
                        <MenuItem value="O">{t('ins.other')}</MenuItem>
                      </TextField>
                    </Grid>
                  </>
                )}
              </>
            )}
            <Grid size={12}>
              <TextField
                select
                label={t('ins.bundle')}
                defaultValue={line?.bundleId ?? bundles[0]?.id ?? ''}
                {...register('bundleId')}
                {...err('bundleId')}
              >
                {bundles.map((b) => (
                  <MenuItem key={b.id} value={b.id}>
                    {b.code} · {b.name}
                  </MenuItem>
                ))}
              </TextField>
            </Grid>
            {paramFields.map((f) => (
              <Grid key={f.name} size={{ xs: 12, sm: 6 }}>
                <TextField
                  label={paramLabel(t, f)}
                  inputMode="decimal"
                  {...register(`calculationParams.${f.name}`)}
                  {...err(`calculationParams.${f.name}`)}
                />
              </Grid>
            ))}
            <Grid size={{ xs: 12, sm: 6 }}>
              <FormDateInput
                control={control}
                name="dateValidFrom"
                label={t('ph.validFrom')}
                {...err('dateValidFrom')}
              />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <FormDateInput
                control={control}
                name="dateValidTo"
                label={t('ph.validTo')}
                {...err('dateValidTo')}
              />
            </Grid>
          </Grid>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            {editing ? t('common.save') : t('ins.addTitle')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
