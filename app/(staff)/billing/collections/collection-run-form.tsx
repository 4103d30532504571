'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import type { CollectionPreview } from '@/lib/collection/runs';
import { formatDate, formatMoney } from '@/lib/format';
import { previewCollectionRunAction, startCollectionRunAction } from './actions';

/** Choose the collection date, see what would be collected per file, then start the run. */
export function CollectionRunForm({ earliest }: { earliest: string }) {
  const router = useRouter();
  const { t, locale } = useI18n();
  const [date, setDate] = useState(earliest);
  const [preview, setPreview] = useState<CollectionPreview | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack spacing={2} component="form" aria-label={t('coll.start')} onSubmit={(e) => e.preventDefault()}>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <DateInput
          label={t('coll.date')}
          value={date}
          onChange={(iso) => {
            setDate(iso);
            setPreview(null);
          }}
        />
        <Button
          variant="outlined"
          loading={busy && !preview}
          onClick={async () => {
            setBusy(true);
            setMessage(null);
            const r = await previewCollectionRunAction({ collectionDate: date });
            setBusy(false);
            if (r.ok) setPreview(r.data);
            else setMessage({ ok: false, text: r.error });
          }}
        >
          {t('coll.preview')}
        </Button>
        <Button
          variant="contained"
          disabled={!preview || preview.installments === 0}
          loading={busy && !!preview}
          onClick={async () => {
            setBusy(true);
            const r = await startCollectionRunAction({ collectionDate: date });
            setBusy(false);
            setPreview(null);
            if (r.ok) router.refresh();
            else setMessage({ ok: false, text: r.error });
          }}
        >
          {t('coll.start')}
        </Button>
      </Stack>
      {preview && (
        <Alert severity="info">
          {t('coll.previewText', {
            installments: preview.installments,
            policyHolders: preview.policyHolders,
            amount: formatMoney(preview.amount, locale),
            earliest: formatDate(preview.earliestDate, locale),
          })}
          {preview.byFile.map((f) => (
            <div key={`${f.scheme}/${f.sequence}`}>
              {t('coll.file', {
                scheme: f.scheme,
                sequence: f.sequence,
                transactions: f.transactions,
                amount: formatMoney(f.amount, locale),
              })}
            </div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
