'use client';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { EntityPicker, type PickerOption } from '@/components/contract-card/entity-picker';
import { searchInsureeOptions, searchPolicyHolderOptions } from '@/components/contract-card/pickers';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { useUrlState } from '@/components/url-state';
import { STATES } from '@/lib/contracts/states';
import type { MessageKey } from '@/lib/i18n/messages';

const TEXT = [
  'code',
  'amountFrom',
  'amountTo',
  'datePaymentDue',
  'state',
  'paymentReference',
  'amendment',
  'dateValidFrom',
  'dateValidTo',
] as const;
const LABELS: Record<(typeof TEXT)[number], MessageKey> = {
  code: 'filters.code',
  amountFrom: 'filters.amountFrom',
  amountTo: 'filters.amountTo',
  datePaymentDue: 'filters.datePaymentDue',
  state: 'filters.state',
  paymentReference: 'filters.paymentReference',
  amendment: 'filters.amendment',
  dateValidFrom: 'filters.dateValidFrom',
  dateValidTo: 'filters.dateValidTo',
};

export function ContractFilters({
  policyHolder,
  insuree,
  lockedPolicyHolder,
}: {
  policyHolder: PickerOption | null;
  insuree: PickerOption | null;
  /** On a policy holder's card the search is fixed to it. */
  lockedPolicyHolder?: boolean;
}) {
  const { params, update } = useUrlState();
  const { t, locale } = useI18n();
  const [values, setValues] = useState(() => Object.fromEntries(TEXT.map((k) => [k, params.get(k) ?? ''])));
  const [ph, setPh] = useState(policyHolder);
  const [ins, setIns] = useState(insuree);
  const [deleted, setDeleted] = useState(params.get('includeDeleted') === 'true');
  const set = (k: string) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const field = (k: (typeof TEXT)[number], type?: string) =>
    type === 'date' ? (
      <DateInput
        label={t(LABELS[k])}
        value={values[k]}
        onChange={(iso) => setValues((v) => ({ ...v, [k]: iso }))}
        fullWidth
      />
    ) : (
      <TextField
        label={t(LABELS[k])}
        type={type}
        value={values[k]}
        onChange={set(k)}
        slotProps={type === 'number' ? { htmlInput: { min: 0 } } : undefined}
      />
    );
  return (
    <Paper
      variant="outlined"
      component="form"
      role="search"
      aria-label={t('filters.search')}
      sx={{ p: 2, mb: 2 }}
      onSubmit={(e) => {
        e.preventDefault();
        update({
          ...values,
          policyHolderId: lockedPolicyHolder ? undefined : (ph?.id ?? null),
          insureeId: ins?.id ?? null,
          includeDeleted: deleted ? 'true' : null,
        });
      }}
    >
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>{field('code')}</Grid>
        {!lockedPolicyHolder && (
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <EntityPicker
              label={t('filters.policyHolder')}
              value={ph}
              onChange={setPh}
              search={searchPolicyHolderOptions}
            />
          </Grid>
        )}
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <EntityPicker
            label={t('filters.insuree')}
            value={ins}
            onChange={setIns}
            search={searchInsureeOptions}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField select label={t('filters.state')} value={values.state} onChange={set('state')}>
            <MenuItem value="">{t('filters.anyState')}</MenuItem>
            {Object.entries(STATES).map(([code, s]) => (
              <MenuItem key={code} value={code}>
                {s[locale]}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>{field('amountFrom')}</Grid>
        <Grid size={{ xs: 6, md: 2 }}>{field('amountTo')}</Grid>
        <Grid size={{ xs: 12, sm: 6, md: 2 }}>{field('datePaymentDue', 'date')}</Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>{field('paymentReference')}</Grid>
        <Grid size={{ xs: 6, md: 1 }}>{field('amendment', 'number')}</Grid>
        <Grid size={{ xs: 6, md: 2 }}>{field('dateValidFrom', 'date')}</Grid>
        <Grid size={{ xs: 6, md: 2 }}>{field('dateValidTo', 'date')}</Grid>
      </Grid>
      <Stack direction="row" spacing={1} sx={{ mt: 2, alignItems: 'center' }}>
        <Button type="submit" variant="contained">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            setValues(Object.fromEntries(TEXT.map((k) => [k, ''])));
            setPh(lockedPolicyHolder ? policyHolder : null);
            setIns(null);
            setDeleted(false);
            update(
              Object.fromEntries(
                [
                  ...TEXT,
                  'insureeId',
                  'includeDeleted',
                  'sort',
                  'dir',
                  ...(lockedPolicyHolder ? [] : ['policyHolderId']),
                ].map((k) => [k, null]),
              ),
            );
          }}
        >
          {t('common.reset')}
        </Button>
        <FormControlLabel
          control={<Checkbox checked={deleted} onChange={(e) => setDeleted(e.target.checked)} />}
          label={t('filters.showDeleted')}
        />
      </Stack>
    </Paper>
  );
}
