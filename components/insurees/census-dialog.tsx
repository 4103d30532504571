'use client';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
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
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import type { CensusPerson, CensusPreview } from '@/lib/census/census';
import { applyCensusAction, previewCensusAction } from './actions';

const SHOWN = 100;

function PeopleTable({
  title,
  people,
  withChanges,
}: {
  title: string;
  people: CensusPerson[];
  withChanges?: boolean;
}) {
  const { t } = useI18n();
  if (!people.length) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        {title} ({people.length})
      </Typography>
      <TableContainer sx={{ maxHeight: 240 }}>
        <Table size="small" stickyHeader aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell>{t('ph.insuranceNumber')}</TableCell>
              <TableCell>{t('ph.name')}</TableCell>
              <TableCell>{withChanges ? t('census.change') : t('ph.bundle')}</TableCell>
              <TableCell>{t('ph.validFrom')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {people.slice(0, SHOWN).map((p) => (
              <TableRow key={p.insuranceNumber}>
                <TableCell>{p.insuranceNumber}</TableCell>
                <TableCell>
                  {p.lastName} {p.firstName}
                </TableCell>
                <TableCell>
                  {withChanges
                    ? (p.changes ?? []).map((c) => `${c.field}: ${c.from ?? '—'} → ${c.to ?? '—'}`).join('; ')
                    : `${p.bundle ?? '—'}${p.income ? ` · ${p.income}` : ''}`}
                </TableCell>
                <TableCell>{p.dateFrom ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {people.length > SHOWN && (
        <Typography variant="body2" color="text.secondary">
          {t('census.more', { count: people.length - SHOWN })}
        </Typography>
      )}
    </>
  );
}

/**
 * The census import: choose a file, see what it would do (new, changed, leaving people and every row's
 * errors), then apply exactly that preview. Nothing is written before Apply, and Apply refuses a list
 * whose outcome differs from the preview (the server compares digests).
 */
export function CensusDialog({ policyHolderId, onClose }: { policyHolderId: string; onClose: () => void }) {
  const { t } = useI18n();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [leaveDate, setLeaveDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [preview, setPreview] = useState<CensusPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const form = (digest?: string) => {
    const f = new FormData();
    f.set('policyHolderId', policyHolderId);
    f.set('leaveDate', leaveDate);
    if (file) f.set('file', file);
    if (digest) f.set('digest', digest);
    return f;
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () =>
    run(async () => {
      setPreview(null);
      const r = await previewCensusAction(form());
      if (r.ok) setPreview(r.data);
      else setError(r.error);
    });
  const doApply = () =>
    run(async () => {
      if (!preview) return;
      const r = await applyCensusAction(form(preview.digest));
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setDone(t('census.applied', { added: r.data.added, changed: r.data.changed, leaving: r.data.leaving }));
      setPreview(null);
      router.refresh();
    });

  const counts = preview && {
    added: preview.added.length,
    changed: preview.changed.length,
    leaving: preview.leaving.length,
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="census-title">
      <DialogTitle id="census-title">{t('census.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('census.help')}</DialogContentText>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
          <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={busy}>
            {t('census.file')}
            <input
              hidden
              type="file"
              aria-label={t('census.file')}
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
                setDone(null);
              }}
            />
          </Button>
          <Typography variant="body2" sx={{ flexGrow: 1 }}>
            {file?.name ?? t('census.noFile')}
          </Typography>
          <DateInput
            size="small"
            label={t('census.leaveDate')}
            value={leaveDate}
            onChange={(iso) => {
              setLeaveDate(iso);
              setPreview(null);
            }}
          />
        </Stack>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        {done && (
          <Alert severity="success" sx={{ mt: 2 }}>
            {done}
          </Alert>
        )}
        {preview && counts && (
          <>
            <Alert severity={preview.errors.length ? 'warning' : 'info'} sx={{ mt: 2 }}>
              {t('census.summary', { rows: preview.rows, ...counts, unchanged: preview.unchanged })}
              {preview.errors.length > 0 && (
                <>
                  <br />
                  {t('census.hasErrors', { count: preview.errors.length })}
                </>
              )}
              {!preview.errors.length && !preview.canApply && (
                <>
                  <br />
                  {t('census.nothing')}
                </>
              )}
            </Alert>
            {preview.errors.length > 0 && (
              <TableContainer sx={{ maxHeight: 300, mt: 1 }}>
                <Table size="small" stickyHeader aria-label={t('census.errorsTable')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('census.row')}</TableCell>
                      <TableCell>{t('census.column')}</TableCell>
                      <TableCell>{t('census.reason')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {preview.errors.slice(0, 500).map((e) => (
                      <TableRow key={`${e.row}-${e.column}-${e.message}`}>
                        <TableCell>{e.row}</TableCell>
                        <TableCell>{e.column}</TableCell>
                        {/* i18n-plain: rendered in the reader's language by previewCensusAction */}
                        <TableCell>{e.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            )}
            <PeopleTable title={t('census.added')} people={preview.added} />
            <PeopleTable title={t('census.changed')} people={preview.changed} withChanges />
            <PeopleTable title={t('census.leaving')} people={preview.leaving} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('census.close')}
        </Button>
        <Button onClick={doPreview} disabled={busy || !file} variant={preview ? 'outlined' : 'contained'}>
          {t('census.preview')}
        </Button>
        {preview && counts && (
          <Button onClick={doApply} disabled={busy || !preview.canApply} variant="contained">
            {t('census.apply', counts)}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
