'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { createWebhookEndpointAction } from './actions';

/** Registers an endpoint; the signing secret is shown here once and never again. */
export function EndpointForm({ events }: { events: readonly string[] }) {
  const { t } = useI18n();
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Stack
      component="form"
      spacing={2}
      aria-label={t('webhooks.add')}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setSecret(null);
        const r = await createWebhookEndpointAction({ url, description, events: chosen });
        setBusy(false);
        if (!r.ok) {
          setError(r.error);
          setFieldErrors(r.fieldErrors ?? {});
          return;
        }
        setFieldErrors({});
        setSecret(r.data.secret);
        setUrl('');
        setDescription('');
        setChosen([]);
        router.refresh();
      }}
    >
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField
          label={t('webhooks.url')}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
          size="small"
          placeholder="https://erp.example.com/pactum"
          error={!!fieldErrors.url}
          helperText={fieldErrors.url?.[0]}
          sx={{ flexGrow: 1 }}
        />
        <TextField
          label={t('webhooks.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          size="small"
          sx={{ minWidth: 240 }}
        />
      </Stack>
      <FormControl error={!!fieldErrors.events} component="fieldset">
        <FormLabel component="legend">{t('webhooks.events')}</FormLabel>
        <FormGroup row>
          {events.map((ev) => (
            <FormControlLabel
              key={ev}
              label={ev}
              control={
                <Checkbox
                  checked={chosen.includes(ev)}
                  onChange={(e) =>
                    setChosen((c) => (e.target.checked ? [...c, ev] : c.filter((x) => x !== ev)))
                  }
                />
              }
            />
          ))}
        </FormGroup>
        {fieldErrors.events && <FormHelperText>{fieldErrors.events[0]}</FormHelperText>}
      </FormControl>
      {error && <Alert severity="error">{error}</Alert>}
      {secret && (
        <Alert severity="success">
          {t('webhooks.secretOnce')} <code data-testid="webhook-secret">{secret}</code>
        </Alert>
      )}
      <div>
        <Button type="submit" variant="contained" loading={busy}>
          {t('webhooks.add')}
        </Button>
      </div>
    </Stack>
  );
}
