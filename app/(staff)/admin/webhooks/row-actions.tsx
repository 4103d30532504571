'use client';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useI18n } from '@/components/i18n';
import { deleteWebhookEndpointAction, redeliverWebhookAction, updateWebhookEndpointAction } from './actions';

type Endpoint = {
  id: string;
  version: number;
  url: string;
  description: string | null;
  events: string[];
  isActive: boolean;
};

/** Switch an endpoint off or on, or delete it (asks first). */
export function EndpointActions({ endpoint }: { endpoint: Endpoint }) {
  const { t } = useI18n();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  return (
    <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
      <Button
        size="small"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          const { id, version, url, description, events, isActive } = endpoint;
          const r = await updateWebhookEndpointAction({
            id,
            version,
            url,
            description,
            events,
            isActive: !isActive,
          });
          setBusy(false);
          if (!r.ok) setError(r.error);
          else router.refresh();
        }}
      >
        {endpoint.isActive ? t('webhooks.disable') : t('webhooks.enable')}
      </Button>
      <Button size="small" color="error" onClick={() => setDeleting(true)}>
        {t('webhooks.delete')}
      </Button>
      {error && <span role="alert">{error}</span>}
      <ConfirmDialog
        open={deleting}
        title={t('webhooks.delete')}
        message={t('webhooks.deleteQuestion', { url: endpoint.url })}
        confirmLabel={t('webhooks.delete')}
        destructive
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          const r = await deleteWebhookEndpointAction({ id: endpoint.id, version: endpoint.version });
          if (!r.ok) return r.error;
          setDeleting(false);
          router.refresh();
          return null;
        }}
      />
    </Stack>
  );
}

/** "Send again": the delivery goes out at the next run, with the same event id. */
export function RedeliverButton({ id }: { id: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="small"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          const r = await redeliverWebhookAction(id);
          setBusy(false);
          if (!r.ok) setError(r.error);
          else router.refresh();
        }}
      >
        {t('webhooks.sendAgain')}
      </Button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}
