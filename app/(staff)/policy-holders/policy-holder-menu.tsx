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
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { generateContractsAction, invoicePolicyHoldersAction } from './actions';

type Report = { lines: { primary: string; secondary: string }[]; summary: string; ok: boolean };

/** ⋮ menu of the policy holder list: generate contracts for a period, or invoice their contracts. */
export function PolicyHolderMenu({
  selectedIds,
  total,
  q,
  canGenerate,
  canInvoice,
}: {
  selectedIds: string[];
  total: number;
  q: string;
  canGenerate: boolean;
  canInvoice: boolean;
}) {
  const router = useRouter();
  const { t, tm } = useI18n();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [mode, setMode] = useState<'generate' | 'invoice' | null>(null);
  const year = new Date().getUTCFullYear() + 1;
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canGenerate && !canInvoice) return null;
  const count = selectedIds.length || total;
  const target = selectedIds.length ? { policyHolderIds: selectedIds } : { filter: { q } };
  const close = () => {
    setMode(null);
    setReport(null);
    setError(null);
  };

  async function run() {
    setBusy(true);
    setError(null);
    if (mode === 'generate') {
      const r = await generateContractsAction({ ...target, dateValidFrom: from, dateValidTo: to });
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setReport({
        ok: r.data.failed.length === 0,
        summary: t('gen.summary', {
          created: r.data.created.length,
          skipped: r.data.skipped.length,
          failed: r.data.failed.length,
        }),
        lines: [
          ...r.data.created.map((c) => ({ primary: c.code, secondary: t('gen.created') })),
          ...r.data.skipped.map((s) => ({
            primary: s.code,
            secondary: t('gen.skipped', { reason: tm(s.reason) }),
          })),
          ...r.data.failed.map((f) => ({
            primary: f.code,
            secondary: t('gen.failed', { reason: tm(f.error.message) }),
          })),
        ],
      });
    } else {
      const r = await invoicePolicyHoldersAction(target);
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setReport({
        ok: r.data.failed.length === 0,
        summary: t('gen.invoiceSummary', { created: r.data.succeeded.length, failed: r.data.failed.length }),
        lines: r.data.failed.map((f) => ({ primary: f.id, secondary: tm(f.error.message) })),
      });
    }
    router.refresh();
  }

  return (
    <>
      <IconButton aria-label={t('gen.menu')} onClick={(e) => setAnchor(e.currentTarget)}>
        <MoreVertIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {canGenerate && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setMode('generate');
            }}
          >
            {t('gen.generate')}
          </MenuItem>
        )}
        {canInvoice && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setMode('invoice');
            }}
          >
            {t('gen.invoices')}
          </MenuItem>
        )}
      </Menu>
      <Dialog
        open={!!mode}
        onClose={busy ? undefined : close}
        fullWidth
        maxWidth="sm"
        aria-labelledby="ph-menu-title"
      >
        <DialogTitle id="ph-menu-title">
          {mode === 'generate' ? t('gen.generate') : t('gen.invoices')}
        </DialogTitle>
        <DialogContent>
          {!report && (
            <>
              <DialogContentText>
                {mode === 'generate'
                  ? t('gen.generateQuestion', { count })
                  : t('gen.invoiceQuestion', { count })}
              </DialogContentText>
              {mode === 'generate' && (
                <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
                  <DateInput label={t('ph.validFrom')} value={from} onChange={setFrom} />
                  <DateInput label={t('ph.validTo')} value={to} onChange={setTo} />
                </Stack>
              )}
              {busy && <LinearProgress sx={{ mt: 2 }} aria-label={t('gen.working')} />}
            </>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
          {report && (
            <>
              <Alert severity={report.ok ? 'success' : 'warning'}>{report.summary}</Alert>
              <List dense aria-label={t('gen.report')}>
                {report.lines.slice(0, 200).map((l) => (
                  <ListItem key={`${l.primary}-${l.secondary}`}>
                    <ListItemText primary={l.primary} secondary={l.secondary} />
                  </ListItem>
                ))}
              </List>
            </>
          )}
        </DialogContent>
        <DialogActions>
          {report ? (
            <Button onClick={close}>{t('common.close')}</Button>
          ) : (
            <>
              <Button onClick={close} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button variant="contained" loading={busy} onClick={run} disabled={count === 0}>
                {mode === 'generate' ? t('gen.generateFor', { count }) : t('gen.invoiceFor', { count })}
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
