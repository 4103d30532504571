'use client';
import Button from '@mui/material/Button';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { retryOutboxMailAction } from './actions';

export function RetryButton({ id }: { id: string }) {
  const router = useRouter();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="small"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          const r = await retryOutboxMailAction(id);
          setBusy(false);
          if (!r.ok) setError(r.error);
          else router.refresh();
        }}
      >
        {t('outbox.retry')}
      </Button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}
