'use client';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';
import type { BulkOp, BulkResult } from '@/lib/contracts/bulk';
import type { MessageKey } from '@/lib/i18n/messages';
import { bulkAction, bulkIdsAction } from './actions';

/** Contracts per request: small enough to show progress, large enough for the set-based approval. */
const CHUNK = 100;

const OPS: { op: BulkOp; labelKey: MessageKey; eligible: number[] }[] = [
  { op: 'approve', labelKey: 'bulk.approve', eligible: [4] },
  { op: 'counter', labelKey: 'bulk.counter', eligible: [4] },
  { op: 'invoice', labelKey: 'bulk.invoice', eligible: [5, 7] },
];

/**
 * Bulk actions on the selected rows, or on every row of the current search when none is selected. The
 * confirmation states how many contracts it touches (and how many of a selection are eligible); the
 * result lists what failed and why.
 */
export function BulkMenu({
  selected,
  total,
  filter,
  allowed,
  codes,
}: {
  selected: { id: string; state: number }[];
  total: number;
  filter: Record<string, string>;
  allowed: BulkOp[];
  codes: Record<string, string>;
}) {
  const router = useRouter();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [op, setOp] = useState<(typeof OPS)[number] | null>(null);
  const [comment, setComment] = useState('');
  const { t } = useI18n();
  const notify = useFeedback();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ops = OPS.filter((o) => allowed.includes(o.op));
  if (!ops.length) return null;
  const count = selected.length || total;
  const eligible =
    op && selected.length ? selected.filter((s) => op.eligible.includes(s.state)).length : null;

  const close = () => {
    setOp(null);
    setResult(null);
    setError(null);
    setComment('');
  };

  return (
    <>
      <IconButton aria-label={t('bulk.menu')} onClick={(e) => setAnchor(e.currentTarget)}>
        <MoreVertIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {ops.map((o) => (
          <MenuItem
            key={o.op}
            onClick={() => {
              setAnchor(null);
              setOp(o);
            }}
          >
            {t(o.labelKey)}
          </MenuItem>
        ))}
      </Menu>
      <Dialog
        open={!!op}
        onClose={busy ? undefined : close}
        fullWidth
        maxWidth="sm"
        aria-labelledby="bulk-title"
      >
        <DialogTitle id="bulk-title">{op && t(op.labelKey)}</DialogTitle>
        <DialogContent>
          {!result && op && (
            <>
              <DialogContentText>
                {selected.length
                  ? t('bulk.selected', { count, eligible: eligible ?? 0 })
                  : t('bulk.all', { count })}
              </DialogContentText>
              {op.op !== 'invoice' && (
                <TextField
                  sx={{ mt: 2 }}
                  label={t('bulk.comment')}
                  multiline
                  minRows={2}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                />
              )}
              {busy && (
                <>
                  <LinearProgress
                    sx={{ mt: 2 }}
                    aria-label={t('bulk.progress')}
                    variant={progress?.total ? 'determinate' : 'indeterminate'}
                    value={progress?.total ? (100 * progress.done) / progress.total : undefined}
                  />
                  {progress && (
                    <Typography variant="body2" role="status" sx={{ mt: 0.5 }}>
                      {t('bulk.progressText', { done: progress.done, total: progress.total })}
                    </Typography>
                  )}
                </>
              )}
            </>
          )}
          {error && <Alert severity="error">{error}</Alert>}
          {result && (
            <>
              <Alert severity={result.failed.length ? 'warning' : 'success'} sx={{ mb: 1 }}>
                {t('bulk.result', { ok: result.succeeded.length, failed: result.failed.length })}
              </Alert>
              {result.failed.length > 0 && (
                <List dense aria-label="Failures">
                  {result.failed.slice(0, 200).map((f) => (
                    <ListItem key={f.id}>
                      <ListItemText primary={codes[f.id] ?? f.id} secondary={f.error.message} />
                    </ListItem>
                  ))}
                </List>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {result ? (
            <Button onClick={close}>{t('common.close')}</Button>
          ) : (
            <>
              <Button onClick={close} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button
                variant="contained"
                loading={busy}
                disabled={count === 0}
                onClick={async () => {
                  if (!op) return;
                  setBusy(true);
                  setError(null);
                  // The ids are fixed first (a search's rows move as they change state), then sent in
                  // chunks, so a long run shows how far it is and each chunk commits on its own.
                  let ids = selected.map((s) => s.id);
                  if (!ids.length) {
                    const found = await bulkIdsAction(filter);
                    if (!found.ok) {
                      setBusy(false);
                      notify({ severity: 'error', message: t('snack.failed', { reason: found.error }) });
                      return setError(found.error);
                    }
                    ids = found.data;
                  }
                  const all: BulkResult = { succeeded: [], failed: [] };
                  setProgress({ done: 0, total: ids.length });
                  for (let i = 0; i < ids.length; i += CHUNK) {
                    const r = await bulkAction(op.op, {
                      ids: ids.slice(i, i + CHUNK),
                      comment: comment || undefined,
                    });
                    if (!r.ok) {
                      setError(r.error);
                      notify({ severity: 'error', message: t('snack.failed', { reason: r.error }) });
                      break;
                    }
                    all.succeeded.push(...r.data.succeeded);
                    all.failed.push(...r.data.failed);
                    setProgress({ done: Math.min(ids.length, i + CHUNK), total: ids.length });
                  }
                  setBusy(false);
                  setProgress(null);
                  // The snackbar says how it went; the dialog stays open only to list what was refused.
                  const action = t(op.labelKey);
                  if (all.failed.length) {
                    setResult(all);
                    notify({
                      severity: all.succeeded.length ? 'warning' : 'error',
                      message: t('snack.bulkPartly', {
                        action,
                        ok: all.succeeded.length,
                        failed: all.failed.length,
                      }),
                    });
                  } else if (all.succeeded.length) {
                    close();
                    notify({
                      severity: 'success',
                      message: t('snack.bulkDone', { action, ok: all.succeeded.length }),
                    });
                  }
                  router.refresh();
                }}
              >
                {op && t(op.labelKey)} {count}
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
