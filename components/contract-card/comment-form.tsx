'use client';
import AttachFile from '@mui/icons-material/AttachFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
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
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChangesGuard(body.trim().length > 0);

  async function post(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await addCommentAction({ contractId, body, internal: canPostInternal && internal });
    // On failure the text stays in the box: nothing typed is lost.
    if (!result.ok) {
      setBusy(false);
      return setError(result.fieldErrors?.body?.[0] ?? result.error);
    }
    // The files go through the upload route (the same checks as the Files tab), one by one, after the
    // comment exists; one that is refused is named, the others are kept.
    const failed: string[] = [];
    for (const file of files) {
      const form = new FormData();
      form.set('file', file);
      form.set('contractId', contractId);
      form.set('commentId', result.data.id);
      form.set('category', 'correspondence');
      const res = await fetch('/api/files', { method: 'POST', body: form }).catch(() => null);
      if (!res?.ok) {
        const answer = (await res?.json().catch(() => null)) as { error?: string } | null;
        failed.push(
          t('comments.fileFailed', { name: file.name, error: answer?.error ?? res?.statusText ?? '' }),
        );
      }
    }
    setBusy(false);
    if (failed.length) setError(failed.join(' '));
    setBody('');
    setInternal(false);
    setFiles([]);
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
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          {canPostInternal && (
            <FormControlLabel
              control={<Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)} />}
              label={t('comments.internal')}
            />
          )}
          <Button component="label" variant="outlined" startIcon={<AttachFile />}>
            {t('comments.files')}
            <input
              hidden
              type="file"
              multiple
              aria-label={t('comments.files')}
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          </Button>
          {files.length > 0 && (
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              {t('comments.filesChosen', { count: files.length })}: {files.map((f) => f.name).join(', ')}
            </Typography>
          )}
        </Stack>
        <Button type="submit" variant="contained" loading={busy} disabled={!body.trim() || body.length > MAX}>
          {t('comments.post')}
        </Button>
      </Stack>
    </Stack>
  );
}
