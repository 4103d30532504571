'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import { previewBillingRunAction, runBillingAction } from './actions';

/** Choose the day, see what the run would bill, then start it. */
export function BillingRunForm({ today }: { today: string }) {
  const router = useRouter();
  const { t } = useI18n();
  const [upTo, setUpTo] = useState(today);
  const [preview, setPreview] = useState<{ installments: number; contracts: number; amount: string } | null>(
    null,
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack spacing={2} component="form" aria-label={t('runs.form')} onSubmit={(e) => e.preventDefault()}>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <DateInput
          label={t('runs.upTo')}
          value={upTo}
          onChange={(iso) => {
            setUpTo(iso);
            setPreview(null);
          }}
        />
        <Button
          variant="outlined"
          loading={busy && !preview}
          onClick={async () => {
            setBusy(true);
            setMessage(null);
            const r = await previewBillingRunAction({ upTo });
            setBusy(false);
            if (r.ok) setPreview(r.data);
            else setMessage({ ok: false, text: r.error });
          }}
        >
          {t('runs.preview')}
        </Button>
        <Button
          variant="contained"
          disabled={!preview || preview.installments === 0}
          loading={busy && !!preview}
          onClick={async () => {
            setBusy(true);
            const r = await runBillingAction({ upTo });
            setBusy(false);
            setPreview(null);
            // The run is a background job: its page shows the progress, and survives a reload.
            if (r.ok) router.push(`/admin/jobs/${r.data.jobId}`);
            else setMessage({ ok: false, text: r.error });
          }}
        >
          {t('runs.start')}
        </Button>
      </Stack>
      {preview && (
        <Alert severity="info">
          {t('runs.previewText', {
            installments: preview.installments,
            contracts: preview.contracts,
            amount: preview.amount,
          })}
        </Alert>
      )}
    </Stack>
  );
}
