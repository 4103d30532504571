'use client';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/lib/i18n/messages';
import { createInvoiceAction, deleteContractAction, type TransitionName, transitionAction } from './actions';
import { useCardEdits } from './card-edits';

export type ActionName = TransitionName | 'invoice' | 'delete';

const SPEC: Record<
  ActionName,
  { comment: 'none' | 'optional' | 'required'; color?: 'error' | 'primary' | 'secondary' }
> = {
  submit: { comment: 'optional' },
  approve: { comment: 'optional' },
  counter: { comment: 'optional', color: 'secondary' },
  amend: { comment: 'optional' },
  renew: { comment: 'optional' },
  terminate: { comment: 'required', color: 'error' },
  invoice: { comment: 'none' },
  delete: { comment: 'none', color: 'error' },
};

export function ContractActions({
  id,
  version,
  code,
  amendment,
  allowed,
  basePath = '/contracts',
  schedule,
}: {
  id: string;
  version: number;
  code: string;
  amendment: number;
  allowed: ActionName[];
  /** Where contract cards live for this audience: /contracts (staff) or /portal/contracts. */
  basePath?: string;
  /** The installments approval will create (shown in the approve dialog), formatted by the server. */
  schedule?: { period: string; due: string; amount: string }[];
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [comment, setComment] = useState('');
  // Manual termination: the last day of cover, today or later (the service says why another is refused).
  const today = new Date().toISOString().slice(0, 10);
  const [lastDay, setLastDay] = useState(today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; conflict: boolean } | null>(null);
  const edits = useCardEdits();
  const notify = useFeedback();
  useEffect(() => {
    if (!edits) return;
    edits.registerOpenAction((a) => {
      if (allowed.includes(a)) setOpen(a);
    });
    return () => edits.registerOpenAction(null);
  }, [edits, allowed]);
  // Typed header changes go with the action: saved first (deleting the contract drops them anyway).
  const saveFirst = !!edits?.headerDirty && open !== null && open !== 'delete';
  if (!allowed.length) return null;
  const spec = open ? SPEC[open] : null;
  const label = (a: ActionName) => t(`action.${a}` as MessageKey);

  async function confirm() {
    if (!open) return;
    setBusy(true);
    setError(null);
    let current = version;
    if (saveFirst && edits) {
      const saved = await edits.saveHeader();
      if (!saved.ok) {
        setBusy(false);
        setError({ message: t('card.saveFirstFailed'), conflict: false });
        return;
      }
      current = saved.version;
    }
    let result: { ok: boolean; error?: string; code?: string; data?: unknown };
    if (open === 'invoice') result = await createInvoiceAction(id);
    else if (open === 'delete') result = await deleteContractAction({ id, version: current });
    else
      result = await transitionAction(open, {
        id,
        version: current,
        comment: comment.trim() || undefined,
        ...(open === 'terminate' ? { dateTerminated: lastDay } : {}),
      });
    setBusy(false);
    if (!result.ok) {
      setError({ message: result.error ?? 'Failed.', conflict: result.code === 'conflict' });
      return;
    }
    const name = open;
    setOpen(null);
    setComment('');
    const here = `${basePath}/${id}`;
    if ((name === 'amend' || name === 'renew') && result.data) {
      notify({
        severity: 'success',
        message: t(`snack.${name}`, { code }),
        link: { href: here, label: t('snack.backTo', { code }) },
      });
      router.push(`${basePath}/${(result.data as { id: string }).id}`);
    } else if (name === 'invoice') {
      const invoice = result.data as { id: string; number: string } | undefined;
      notify({
        severity: 'success',
        message: t('snack.invoice', { number: invoice?.number ?? '' }),
        link: invoice ? { href: `${here}/invoices/${invoice.id}`, label: t('snack.open') } : undefined,
      });
      router.push(`${here}?tab=invoices`);
      router.refresh();
    } else if (name === 'delete') {
      notify({ severity: 'success', message: t('snack.delete', { code }) });
      router.push(basePath === '/contracts' ? '/contracts' : '/portal');
    } else {
      notify({ severity: 'success', message: t(`snack.${name}`, { code }) });
      router.refresh();
    }
  }

  return (
    <>
      <Stack
        direction="row"
        spacing={1}
        sx={{ flexWrap: 'wrap' }}
        role="toolbar"
        aria-label={t('action.toolbar')}
      >
        {allowed.map((a) => (
          <Button
            key={a}
            variant={a === 'approve' || a === 'submit' ? 'contained' : 'outlined'}
            color={SPEC[a].color ?? 'primary'}
            onClick={() => setOpen(a)}
          >
            {label(a)}
          </Button>
        ))}
      </Stack>
      <Dialog
        open={!!open}
        onClose={busy ? undefined : () => setOpen(null)}
        fullWidth
        maxWidth="sm"
        aria-labelledby="action-title"
      >
        <DialogTitle id="action-title">{open && label(open)}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {open && t(`confirm.${open}` as MessageKey, { code, next: amendment + 1 })}
          </DialogContentText>
          {open === 'approve' && schedule && (
            <Table size="small" sx={{ mt: 2 }} aria-label={t('pay.schedule')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('pay.period')}</TableCell>
                  <TableCell>{t('pay.dueDate')}</TableCell>
                  <TableCell align="right">{t('pay.amount')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {schedule.map((i) => (
                  <TableRow key={i.period}>
                    <TableCell>{i.period}</TableCell>
                    <TableCell>{i.due}</TableCell>
                    <TableCell align="right">{i.amount}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {saveFirst && (
            <Alert severity="info" sx={{ mt: 2 }}>
              {t('card.saveFirst')}
            </Alert>
          )}
          {spec && spec.comment !== 'none' && (
            <TextField
              sx={{ mt: 2 }}
              label={spec.comment === 'required' ? t('action.reason') : t('action.comment')}
              required={spec.comment === 'required'}
              multiline
              minRows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
          {open === 'terminate' && (
            <Box sx={{ mt: 2 }}>
              <DateInput
                label={t('action.lastDayOfCover')}
                required
                value={lastDay}
                onChange={setLastDay}
                helperText={t('action.lastDayOfCoverHelp')}
                min={today}
              />
            </Box>
          )}
          {error && (
            <Alert
              severity={error.conflict ? 'warning' : 'error'}
              sx={{ mt: 2 }}
              action={
                error.conflict ? (
                  <Button color="inherit" size="small" onClick={() => window.location.reload()}>
                    {t('common.reload')}
                  </Button>
                ) : undefined
              }
            >
              {error.conflict ? t('action.conflict') : error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="contained"
            color={spec?.color ?? 'primary'}
            loading={busy}
            disabled={(spec?.comment === 'required' && !comment.trim()) || (open === 'terminate' && !lastDay)}
            onClick={confirm}
          >
            {open && label(open)}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
