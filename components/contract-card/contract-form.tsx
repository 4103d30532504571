'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Controller, type FieldPath, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormDateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { useUnsavedChangesGuard } from '@/components/unsaved-changes';
import type { ContractDto } from '@/lib/contracts/contracts';
import { stateLabel } from '@/lib/contracts/states';
import { formatAmount, formatDate } from '@/lib/format';
import { contractCreate } from '@/lib/validation/contract';
import { checkCodeAction, createContractAction, updateContractAction } from './actions';
import { type SaveResult, useCardEdits } from './card-edits';
import { EntityPicker, type PickerOption } from './entity-picker';
import { searchPolicyHolderOptions } from './pickers';

// The create schema validates the form on both sides (the server runs it again in lib/).
const formSchema = contractCreate;
type Values = z.input<typeof formSchema>;

export type ContractEditability = {
  code: boolean;
  policyHolder: boolean;
  paymentReference: boolean;
  dates: boolean;
  dateValidFrom: boolean;
};

function ReadOnly({ label, value }: { label: string; value: string }) {
  return <TextField label={label} value={value} slotProps={{ input: { readOnly: true } }} variant="filled" />;
}

export function ContractForm({
  contract,
  editable,
  policyHolder,
  basePath = '/contracts',
}: {
  contract?: ContractDto;
  editable: ContractEditability;
  policyHolder: PickerOption | null;
  basePath?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  const { t, tm, locale } = useI18n();
  const [codeTaken, setCodeTaken] = useState(false);
  const defaults: Values = {
    code: contract?.code ?? '',
    policyHolderId: contract?.policyHolderId ?? policyHolder?.id ?? null,
    paymentReference: contract?.paymentReference ?? '',
    dateValidFrom: contract?.dateValidFrom ?? '',
    dateValidTo: contract?.dateValidTo ?? '',
  };
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    setError: setFieldError,
    formState: { errors, isSubmitting, isDirty, dirtyFields },
  } = useForm<Values>({ resolver: zodResolver(formSchema), defaultValues: defaults });

  const code = watch('code');
  useEffect(() => {
    if (!editable.code || !code?.trim() || code.trim() === contract?.code) {
      setCodeTaken(false);
      return;
    }
    const t = setTimeout(async () => {
      const r = await checkCodeAction(code, contract?.id);
      setCodeTaken(r.ok && !r.data);
    }, 300);
    return () => clearTimeout(t);
  }, [code, contract?.code, contract?.id, editable.code]);

  // The page refreshed with a new version of the contract (a line saved, an action, our own save):
  // take the server's values for what the user has not touched and keep what they typed. The form is
  // never rebuilt (no `key` on the version), so typed data and the "Saved" message survive.
  const serverValues = JSON.stringify(defaults);
  const seen = useRef(serverValues);
  useEffect(() => {
    if (seen.current === serverValues) return;
    seen.current = serverValues;
    reset(JSON.parse(serverValues) as Values, { keepDirtyValues: true });
  }, [serverValues, reset]);

  const dirty = !!contract && isDirty;
  useUnsavedChangesGuard(isDirty);
  const edits = useCardEdits();
  useEffect(() => {
    edits?.setHeaderDirty(dirty);
  }, [edits, dirty]);

  async function save(values: Values): Promise<SaveResult> {
    setError(null);
    setSaved(false);
    setConflict(false);
    let result: Awaited<ReturnType<typeof createContractAction>>;
    if (contract) {
      // Only what the user changed is sent, so a field they may not edit is never in the request.
      const changed = Object.fromEntries(
        Object.keys(dirtyFields).map((k) => [
          k,
          values[k as keyof Values] === '' ? null : values[k as keyof Values],
        ]),
      );
      result = await updateContractAction({ ...changed, id: contract.id, version: contract.version });
    } else {
      result = await createContractAction(values);
    }
    if (!result.ok) {
      if (result.code === 'conflict' && !result.fieldErrors) setConflict(true);
      const fields = Object.keys(result.fieldErrors ?? {}).filter((f) => f in defaults);
      for (const f of fields) setFieldError(f as FieldPath<Values>, { message: result.fieldErrors![f]![0] });
      if (!fields.length && result.code !== 'conflict') setError(result.error);
      return { ok: false };
    }
    if (!contract) {
      router.push(`${basePath}/${result.data.id}`);
      return { ok: true, version: result.data.version };
    }
    reset(values);
    setSaved(true);
    router.refresh();
    return { ok: true, version: result.data.version };
  }
  const onSubmit = handleSubmit(async (values) => {
    await save(values);
  });
  // An action of the card (Submit, Approve…) saves the typed header first, through the same validation.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    if (!edits || !contract) return;
    edits.registerHeaderSave(
      () =>
        new Promise<SaveResult>((resolve) => {
          handleSubmit(
            async (values) => resolve(await saveRef.current(values)),
            () => resolve({ ok: false }),
          )();
        }),
    );
    return () => edits.registerHeaderSave(null);
  }, [edits, contract, handleSubmit]);

  const anyEditable = Object.values(editable).some(Boolean);
  const codeHelp = tm(errors.code?.message) ?? (codeTaken ? t('card.codeTaken') : undefined);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Contract">
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {conflict && (
          <Alert
            severity="warning"
            action={
              <Button color="inherit" size="small" onClick={() => window.location.reload()}>
                {t('common.reload')}
              </Button>
            }
          >
            {t('card.conflict')}
          </Alert>
        )}
        {saved && !isDirty && <Alert severity="success">{t('card.saved')}</Alert>}
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 4 }}>
            <TextField
              label={t('card.code')}
              {...register('code')}
              slotProps={{ input: { readOnly: !editable.code } }}
              variant={editable.code ? 'outlined' : 'filled'}
              error={!!errors.code || codeTaken}
              helperText={codeHelp}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 5 }}>
            <Controller
              control={control}
              name="policyHolderId"
              render={({ field }) => (
                <EntityPicker
                  label={t('card.policyHolder')}
                  value={
                    field.value
                      ? policyHolder?.id === field.value
                        ? policyHolder
                        : { id: field.value, label: field.value }
                      : null
                  }
                  onChange={(v) => field.onChange(v?.id ?? null)}
                  search={searchPolicyHolderOptions}
                  disabled={!editable.policyHolder}
                  error={!!errors.policyHolderId}
                  helperText={tm(errors.policyHolderId?.message)}
                />
              )}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 3 }}>
            <TextField
              label={t('card.paymentReference')}
              {...register('paymentReference')}
              slotProps={{ input: { readOnly: !editable.paymentReference } }}
              variant={editable.paymentReference ? 'outlined' : 'filled'}
              error={!!errors.paymentReference}
              helperText={tm(errors.paymentReference?.message)}
            />
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <FormDateInput
              control={control}
              name="dateValidFrom"
              label={t('card.validFrom')}
              readOnly={!editable.dateValidFrom}
              variant={editable.dateValidFrom ? 'outlined' : 'filled'}
              error={!!errors.dateValidFrom}
              helperText={tm(errors.dateValidFrom?.message)}
            />
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <FormDateInput
              control={control}
              name="dateValidTo"
              label={t('card.validTo')}
              readOnly={!editable.dates}
              variant={editable.dates ? 'outlined' : 'filled'}
              error={!!errors.dateValidTo}
              helperText={tm(errors.dateValidTo?.message)}
            />
          </Grid>
          {contract && (
            <>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly label={t('card.state')} value={stateLabel(contract.state, locale)} />
              </Grid>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly label={t('card.amendmentNo')} value={String(contract.amendment)} />
              </Grid>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly
                  label={t('card.amountNotified')}
                  value={formatAmount(contract.amountNotified, locale, contract.currency)}
                />
              </Grid>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly
                  label={t('card.amountRectified')}
                  value={formatAmount(contract.amountRectified, locale, contract.currency)}
                />
              </Grid>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly
                  label={t('card.amountDue')}
                  value={formatAmount(contract.amountDue, locale, contract.currency)}
                />
              </Grid>
              {contract.amendment > 0 && (
                // An amendment's amounts are net of what its chain received: the gross value beside them.
                <Grid size={{ xs: 6, md: 3 }}>
                  <ReadOnly
                    label={t('card.amountGross')}
                    value={formatAmount(contract.amountGross, locale, contract.currency)}
                  />
                </Grid>
              )}
              {contract.dateTerminated && (
                <Grid size={{ xs: 6, md: 3 }}>
                  <ReadOnly
                    label={t('card.dateTerminated')}
                    value={formatDate(contract.dateTerminated, locale)}
                  />
                </Grid>
              )}
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly
                  label={t('card.dateApproved')}
                  value={contract.dateApproved ? formatDate(contract.dateApproved, locale) : '—'}
                />
              </Grid>
              <Grid size={{ xs: 6, md: 3 }}>
                <ReadOnly label={t('card.paymentDue')} value={formatDate(contract.datePaymentDue, locale)} />
              </Grid>
            </>
          )}
        </Grid>
        {anyEditable && (!contract || isDirty) && (
          <Stack direction="row" spacing={1}>
            <Button type="submit" variant="contained" loading={isSubmitting} disabled={codeTaken}>
              {contract ? t('common.save') : t('card.create')}
            </Button>
            {contract && (
              <Button onClick={() => reset(defaults)} disabled={isSubmitting}>
                {t('card.discard')}
              </Button>
            )}
          </Stack>
        )}
      </Stack>
    </form>
  );
}
