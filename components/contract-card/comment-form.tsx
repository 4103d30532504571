'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useUnsavedChangesGuard } from '@/components/unsaved-changes';
import { addCommentAction } from './actions';

const MAX = 5000;

export function CommentForm({
  contractId,
  canPostInternal,
}: {
  contractId: string;
  canPostInternal: boolean;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChangesGuard(body.trim().length > 0);

  async function post(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await addCommentAction({ contractId, body, internal: canPostInternal && internal });
    setBusy(false);
    // On failure the text stays in the box: nothing typed is lost.
    if (!result.ok) return setError(result.fieldErrors?.body?.[0] ?? result.error);
    setBody('');
    setInternal(false);
    router.refresh();
  }

  return (
    <Stack component="form" spacing={1} onSubmit={post} noValidate>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <TextField
        label={t('comments.new')}
        multiline
        minRows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={body.length > MAX}
        helperText={t('comments.length', { count: body.length })}
        slotProps={{ htmlInput: { maxLength: MAX + 100 } }}
      />
      <Stack
        direction="row"
        spacing={2}
        useFlexGap
        sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        {canPostInternal ? (
          <FormControlLabel
            control={<Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)} />}
            label={t('comments.internal')}
          />
        ) : (
          <span />
        )}
        <Button type="submit" variant="contained" loading={busy} disabled={!body.trim() || body.length > MAX}>
          {t('comments.post')}
        </Button>
      </Stack>
    </Stack>
  );
}
