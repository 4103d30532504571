'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createInvoiceAction, deleteContractAction, type TransitionName, transitionAction } from '../actions';

export type ActionName = TransitionName | 'invoice' | 'delete';

const SPEC: Record<
  ActionName,
  {
    label: string;
    question: (code: string, amendment: number) => string;
    comment: 'none' | 'optional' | 'required';
    color?: 'error' | 'primary' | 'secondary';
  }
> = {
  submit: {
    label: 'Submit',
    question: (c) => `Submit contract ${c} for approval? This is the policy holder’s signature.`,
    comment: 'optional',
  },
  approve: {
    label: 'Approve',
    question: (c) =>
      `Approve contract ${c}? Contributions, policies and the payment request will be created.`,
    comment: 'optional',
  },
  counter: {
    label: 'Counter',
    question: (c) => `Send contract ${c} back for changes?`,
    comment: 'optional',
    color: 'secondary',
  },
  amend: {
    label: 'Amend',
    question: (c, a) => `Create amendment n°${a + 1} of ${c}? This contract becomes an addendum.`,
    comment: 'optional',
  },
  renew: {
    label: 'Renew',
    question: (c) => `Create a draft renewing ${c} for the next period?`,
    comment: 'optional',
  },
  terminate: {
    label: 'Terminate',
    question: (c) => `Terminate contract ${c}?`,
    comment: 'required',
    color: 'error',
  },
  invoice: {
    label: 'Create invoice',
    question: (c) => `Create an invoice for the contributions of ${c} not invoiced yet?`,
    comment: 'none',
  },
  delete: { label: 'Delete', question: (c) => `Delete contract ${c}?`, comment: 'none', color: 'error' },
};

export function ContractActions({
  id,
  version,
  code,
  amendment,
  allowed,
}: {
  id: string;
  version: number;
  code: string;
  amendment: number;
  allowed: ActionName[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; conflict: boolean } | null>(null);
  if (!allowed.length) return null;
  const spec = open ? SPEC[open] : null;

  async function confirm() {
    if (!open) return;
    setBusy(true);
    setError(null);
    let result: { ok: boolean; error?: string; code?: string; data?: unknown };
    if (open === 'invoice') result = await createInvoiceAction(id);
    else if (open === 'delete') result = await deleteContractAction({ id, version }, true);
    else result = await transitionAction(open, { id, version, comment: comment.trim() || undefined });
    setBusy(false);
    if (!result.ok) {
      setError({ message: result.error ?? 'Failed.', conflict: result.code === 'conflict' });
      return;
    }
    const name = open;
    setOpen(null);
    setComment('');
    if ((name === 'amend' || name === 'renew') && result.data) {
      router.push(`/contracts/${(result.data as { id: string }).id}`);
    } else if (name === 'invoice') {
      router.push(`/contracts/${id}?tab=invoices`);
      router.refresh();
    } else router.refresh();
  }

  return (
    <>
      <Stack
        direction="row"
        spacing={1}
        sx={{ flexWrap: 'wrap' }}
        role="toolbar"
        aria-label="Contract actions"
      >
        {allowed.map((a) => (
          <Button
            key={a}
            variant={a === 'approve' || a === 'submit' ? 'contained' : 'outlined'}
            color={SPEC[a].color ?? 'primary'}
            onClick={() => setOpen(a)}
          >
            {SPEC[a].label}
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
        <DialogTitle id="action-title">{spec?.label}</DialogTitle>
        <DialogContent>
          <DialogContentText>{spec?.question(code, amendment)}</DialogContentText>
          {spec && spec.comment !== 'none' && (
            <TextField
              sx={{ mt: 2 }}
              label={spec.comment === 'required' ? 'Reason' : 'Comment (optional)'}
              required={spec.comment === 'required'}
              multiline
              minRows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
          {error && (
            <Alert
              severity={error.conflict ? 'warning' : 'error'}
              sx={{ mt: 2 }}
              action={
                error.conflict ? (
                  <Button color="inherit" size="small" onClick={() => window.location.reload()}>
                    Reload
                  </Button>
                ) : undefined
              }
            >
              {error.conflict
                ? 'This contract was changed by someone else. Reload it, then try again.'
                : error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="contained"
            color={spec?.color ?? 'primary'}
            loading={busy}
            disabled={spec?.comment === 'required' && !comment.trim()}
            onClick={confirm}
          >
            {spec?.label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
