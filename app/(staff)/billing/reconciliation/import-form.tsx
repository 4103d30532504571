'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { importStatementAction } from './actions';

/** Upload a camt.053 / camt.054 / CSV statement; the server reconciles what it can. */
export function StatementImportForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack
      spacing={2}
      component="form"
      aria-label={t('recon.import')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        const r = await importStatementAction({ fileName: file.name, content: await file.text() });
        setBusy(false);
        if (!r.ok) return setMessage({ ok: false, text: r.error });
        setMessage({
          ok: true,
          text: r.data.duplicate
            ? t('recon.duplicate')
            : t('recon.imported', {
                lines: r.data.lines,
                settled: r.data.settled,
                matched: r.data.matched,
                returned: r.data.returned,
                unmatched: r.data.unmatched,
                ignored: r.data.ignored,
              }),
        });
        router.refresh();
      }}
    >
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
        <label>
          {t('recon.file')}{' '}
          <input
            type="file"
            name="file"
            accept=".xml,.csv,.txt,application/xml,text/csv,text/xml"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <Button type="submit" variant="contained" disabled={!file} loading={busy}>
          {t('recon.import')}
        </Button>
      </Stack>
    </Stack>
  );
}
