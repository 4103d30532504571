'use client';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import LockOpenOutlined from '@mui/icons-material/LockOpenOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import VisibilityOutlined from '@mui/icons-material/VisibilityOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useI18n } from '@/components/i18n';
import { formatDateTime } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { deleteAttachmentAction, setAttachmentInternalAction } from './actions';

export type AttachmentRow = {
  id: string;
  version: number;
  category: string;
  fileName: string;
  contentType: string;
  size: number;
  internal: boolean;
  uploaderName: string;
  createdAt: string;
  previewable: boolean;
  canDelete: boolean;
  canMarkInternal: boolean;
};

const CATEGORIES = ['signed_contract', 'employee_list', 'medical', 'correspondence', 'other'] as const;

function formatSize(bytes: number, locale: 'en' | 'fr'): string {
  const unit = locale === 'fr' ? ['o', 'ko', 'Mo'] : ['B', 'kB', 'MB'];
  if (bytes < 1024) return `${bytes} ${unit[0]}`;
  const n = bytes < 1048576 ? bytes / 1024 : bytes / 1048576;
  const text = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 1,
  }).format(n);
  return `${text} ${bytes < 1048576 ? unit[1] : unit[2]}`;
}

/**
 * The files of a contract or a policy holder: a drop zone (or a button) to add one with its category,
 * the list with who added it, when and its size, a preview of PDFs and images, download, delete and, for
 * staff, "internal". Uploads go to /api/files (a route handler: a file may be 20 MB); the server sniffs,
 * checks and stores. Previews are made from the downloaded bytes in the page (a blob), so the server only
 * ever serves files as attachments.
 */
export function AttachmentsPanel({
  owner,
  files,
  canUpload,
  canMarkInternal,
  maxMb,
}: {
  owner: { contractId: string } | { policyHolderId: string };
  files: AttachmentRow[];
  canUpload: boolean;
  canMarkInternal: boolean;
  maxMb: number;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('signed_contract');
  const [internal, setInternal] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [preview, setPreview] = useState<{ name: string; url: string; type: string } | null>(null);
  const [toDelete, setToDelete] = useState<AttachmentRow | null>(null);

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);

  async function upload(file: File) {
    setBusy(file.name);
    setMessage(null);
    const form = new FormData();
    form.set('file', file);
    form.set('category', category);
    if ('contractId' in owner) form.set('contractId', owner.contractId);
    else form.set('policyHolderId', owner.policyHolderId);
    if (canMarkInternal && internal) form.set('internal', 'true');
    try {
      const res = await fetch('/api/files', { method: 'POST', body: form });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
      if (!res.ok || !body?.ok) setMessage({ severity: 'error', text: body?.error ?? t('att.failed') });
      else {
        setMessage({ severity: 'success', text: t('att.uploaded', { name: file.name }) });
        setInternal(false);
        router.refresh();
      }
    } catch {
      setMessage({ severity: 'error', text: t('att.failed') });
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  }

  async function showPreview(f: AttachmentRow) {
    const res = await fetch(`/api/files/${f.id}`);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      return setMessage({ severity: 'error', text: body?.error ?? t('att.failed') });
    }
    // The type recorded at upload (sniffed from the bytes), not whatever the answer claims.
    const blob = new Blob([await res.arrayBuffer()], { type: f.contentType });
    setPreview({ name: f.fileName, url: URL.createObjectURL(blob), type: f.contentType });
  }

  return (
    <Stack spacing={2}>
      {canUpload && (
        <Box
          data-testid="file-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer.files[0];
            if (file) void upload(file);
          }}
          sx={{
            border: 2,
            borderStyle: 'dashed',
            borderColor: dragging ? 'primary.main' : 'divider',
            bgcolor: dragging ? 'action.hover' : undefined,
            borderRadius: 1,
            p: 2,
          }}
        >
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              select
              size="small"
              label={t('att.category')}
              value={category}
              onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}
              fullWidth={false}
              sx={{ minWidth: 220 }}
            >
              {CATEGORIES.map((c) => (
                <MenuItem key={c} value={c}>
                  {t(`att.cat.${c}` as MessageKey)}
                </MenuItem>
              ))}
            </TextField>
            {canMarkInternal && (
              <FormControlLabel
                control={<Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)} />}
                label={t('att.internal')}
              />
            )}
            <Typography color="text.secondary">{t('att.drop')}</Typography>
            <Button
              variant="outlined"
              startIcon={<UploadFileOutlined />}
              loading={!!busy}
              onClick={() => input.current?.click()}
            >
              {t('att.choose')}
            </Button>
            <input
              ref={input}
              type="file"
              hidden
              aria-label={t('att.choose')}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {busy ? t('att.uploading', { name: busy }) : t('att.limit', { mb: String(maxMb) })}
          </Typography>
        </Box>
      )}
      {message && (
        <Alert severity={message.severity} role={message.severity === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      {files.length === 0 ? (
        <Typography color="text.secondary">{t('att.none')}</Typography>
      ) : (
        <Table size="small" aria-label={t('att.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('att.name')}</TableCell>
              <TableCell>{t('att.category')}</TableCell>
              <TableCell>{t('att.by')}</TableCell>
              <TableCell>{t('att.when')}</TableCell>
              <TableCell align="right">{t('att.size')}</TableCell>
              <TableCell align="right">{t('att.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {files.map((f) => (
              <TableRow key={f.id}>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  {f.fileName}
                  {f.internal && (
                    <Chip size="small" color="warning" label={t('att.internalChip')} sx={{ ml: 1 }} />
                  )}
                </TableCell>
                <TableCell>{t(`att.cat.${f.category}` as MessageKey)}</TableCell>
                <TableCell>{f.uploaderName}</TableCell>
                <TableCell>{formatDateTime(new Date(f.createdAt), locale)}</TableCell>
                <TableCell align="right">{formatSize(f.size, locale)}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {f.previewable && (
                    <Tooltip title={t('att.preview', { name: f.fileName })}>
                      <IconButton
                        aria-label={t('att.preview', { name: f.fileName })}
                        onClick={() => void showPreview(f)}
                      >
                        <VisibilityOutlined />
                      </IconButton>
                    </Tooltip>
                  )}
                  <Tooltip title={t('att.download', { name: f.fileName })}>
                    <IconButton
                      aria-label={t('att.download', { name: f.fileName })}
                      href={`/api/files/${f.id}`}
                      download={f.fileName}
                    >
                      <DownloadOutlined />
                    </IconButton>
                  </Tooltip>
                  {f.canMarkInternal && (
                    <Tooltip
                      title={
                        f.internal
                          ? t('att.markShared', { name: f.fileName })
                          : t('att.markInternal', { name: f.fileName })
                      }
                    >
                      <IconButton
                        aria-label={
                          f.internal
                            ? t('att.markShared', { name: f.fileName })
                            : t('att.markInternal', { name: f.fileName })
                        }
                        onClick={async () => {
                          const r = await setAttachmentInternalAction({
                            id: f.id,
                            version: f.version,
                            internal: !f.internal,
                          });
                          if (!r.ok) setMessage({ severity: 'error', text: r.error });
                          router.refresh();
                        }}
                      >
                        {f.internal ? <LockOpenOutlined /> : <LockOutlined />}
                      </IconButton>
                    </Tooltip>
                  )}
                  {f.canDelete && (
                    <Tooltip title={t('att.delete', { name: f.fileName })}>
                      <IconButton
                        aria-label={t('att.delete', { name: f.fileName })}
                        onClick={() => setToDelete(f)}
                      >
                        <DeleteOutlined />
                      </IconButton>
                    </Tooltip>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={!!toDelete}
        title={t('att.deleteTitle')}
        message={t('att.deleteConfirm', { name: toDelete?.fileName ?? '' })}
        confirmLabel={t('att.delete', { name: toDelete?.fileName ?? '' })}
        destructive
        onClose={() => setToDelete(null)}
        onConfirm={async () => {
          if (!toDelete) return null;
          const r = await deleteAttachmentAction({ id: toDelete.id, version: toDelete.version });
          if (!r.ok) return r.error;
          setToDelete(null);
          router.refresh();
          return null;
        }}
      />
      <Dialog
        open={!!preview}
        onClose={() => setPreview(null)}
        maxWidth="lg"
        fullWidth
        aria-labelledby="preview-title"
      >
        <DialogTitle id="preview-title">{preview?.name}</DialogTitle>
        <DialogContent>
          {preview?.type === 'application/pdf' ? (
            <Box
              component="iframe"
              title={preview.name}
              src={preview.url}
              sx={{ width: '100%', height: '75vh', border: 0 }}
            />
          ) : preview ? (
            <Box
              component="img"
              alt={preview.name}
              src={preview.url}
              sx={{ maxWidth: '100%', display: 'block', mx: 'auto' }}
            />
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPreview(null)}>{t('att.close')}</Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
