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
import { AppLink } from '@/components/links';
import type { BulkOp } from '@/lib/contracts/bulk';
import type { MessageKey } from '@/lib/i18n/messages';
import { jobStatusAction } from '../admin/jobs/actions';
import { bulkAction } from './actions';

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
  const { t, tm } = useI18n();
  const notify = useFeedback();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<{
    done: number;
    failed: number;
    failures: { id: string; label: string | null; error: string | null }[];
  } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
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
    setJobId(null);
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
          {jobId && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              <AppLink href={`/admin/jobs/${jobId}`}>{t('bulk.followJob')}</AppLink>
            </Typography>
          )}
          {error && <Alert severity="error">{error}</Alert>}
          {result && (
            <>
              <Alert severity={result.failed ? 'warning' : 'success'} sx={{ mb: 1 }}>
                {t('bulk.result', { ok: result.done, failed: result.failed })}
              </Alert>
              {result.failures.length > 0 && (
                <List dense aria-label="Failures">
                  {result.failures.map((f) => (
                    <ListItem key={f.id}>
                      <ListItemText
                        primary={f.label ?? codes[f.id] ?? f.id}
                        secondary={tm(f.error ?? undefined)}
                      />
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
                  // A background job: the server fixes the ids now (the selection, or the whole search
                  // however large) and works them; this dialog follows it, and so does /admin/jobs/{id}
                  // after a reload or with the dialog closed.
                  const started = await bulkAction(
                    op.op,
                    selected.length
                      ? { ids: selected.map((s) => s.id), comment: comment || undefined }
                      : { filter, comment: comment || undefined },
                  );
                  if (!started.ok) {
                    setBusy(false);
                    notify({ severity: 'error', message: t('snack.failed', { reason: started.error }) });
                    return setError(started.error);
                  }
                  setJobId(started.data.id);
                  setProgress({ done: 0, total: started.data.total });
                  for (;;) {
                    await new Promise((r) => setTimeout(r, 700));
                    const s = await jobStatusAction(started.data.id);
                    if (!s.ok) {
                      setError(s.error);
                      notify({ severity: 'error', message: t('snack.failed', { reason: s.error }) });
                      break;
                    }
                    setProgress({ done: s.data.done + s.data.failed, total: s.data.total });
                    if (!['queued', 'running'].includes(s.data.state)) {
                      // The snackbar says how it went; the dialog stays open only to list what was refused.
                      const action = t(op.labelKey);
                      if (s.data.state !== 'done' && !s.data.failed) {
                        const reason =
                          tm(s.data.error ?? undefined) ?? t(`jobs.state.${s.data.state}` as MessageKey);
                        setError(reason);
                        notify({ severity: 'error', message: t('snack.failed', { reason }) });
                      } else if (s.data.failed) {
                        setResult({ done: s.data.done, failed: s.data.failed, failures: s.data.failures });
                        notify({
                          severity: s.data.done ? 'warning' : 'error',
                          message: t('snack.bulkPartly', { action, ok: s.data.done, failed: s.data.failed }),
                        });
                      } else {
                        close();
                        notify({
                          severity: 'success',
                          message: t('snack.bulkDone', { action, ok: s.data.done }),
                        });
                      }
                      break;
                    }
                  }
                  setBusy(false);
                  setProgress(null);
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
