'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useFeedback } from '@/components/feedback';
import { useI18n } from '@/components/i18n';
import { LETTER_PLACEHOLDERS } from '@/lib/dunning/letters';
import type { MessageKey } from '@/lib/i18n/messages';
import { addDefaultDunningLevelsAction, deleteDunningLevelAction, saveDunningLevelAction } from './actions';

export type LevelFields = {
  id?: string;
  version?: number;
  name: string;
  daysAfterDue: string;
  action: 'letter' | 'suspend' | 'terminate';
  registered: boolean;
  fee: string;
  subjectEn: string;
  bodyEn: string;
  subjectFr: string;
  bodyFr: string;
};

const EMPTY: LevelFields = {
  name: '',
  daysAfterDue: '',
  action: 'letter',
  registered: false,
  fee: '',
  subjectEn: '',
  bodyEn: '',
  subjectFr: '',
  bodyFr: '',
};

/** Add or edit one level: its day, action, fee and its letter in both languages. */
export function LevelDialogButton({ productId, level }: { productId: string; level?: LevelFields }) {
  const { t } = useI18n();
  const router = useRouter();
  const notify = useFeedback();
  const [open, setOpen] = useState(false);
  const [v, setV] = useState<LevelFields>(level ?? EMPTY);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (name: keyof LevelFields, label: MessageKey, extra: Record<string, unknown> = {}) => (
    <TextField
      label={t(label)}
      value={String(v[name] ?? '')}
      onChange={(e) => setV({ ...v, [name]: e.target.value })}
      error={!!errors[name]}
      helperText={errors[name]?.[0]}
      fullWidth
      {...extra}
    />
  );
  return (
    <>
      <Button size="small" variant={level ? 'text' : 'contained'} onClick={() => setOpen(true)}>
        {level ? t('dun.edit') : t('dun.add')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="md"
        fullWidth
        aria-labelledby="level-title"
      >
        <DialogTitle id="level-title">
          {level ? `${t('dun.edit')} · ${level.name}` : t('dun.add')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              {field('name', 'dun.name')}
              {field('daysAfterDue', 'dun.days', {
                type: 'number',
                slotProps: { htmlInput: { min: 1, max: 365 } },
              })}
              {field('action', 'dun.actionLabel', {
                select: true,
                children: (['letter', 'suspend', 'terminate'] as const).map((a) => (
                  <MenuItem key={a} value={a}>
                    {t(`dun.action.${a}` as MessageKey)}
                  </MenuItem>
                )),
              })}
              {field('fee', 'dun.fee', { slotProps: { htmlInput: { inputMode: 'decimal' } } })}
            </Stack>
            <FormControlLabel
              control={
                <Checkbox
                  checked={v.registered}
                  onChange={(e) => setV({ ...v, registered: e.target.checked })}
                />
              }
              label={t('dun.registered')}
            />
            <Typography variant="body2" color="text.secondary">
              {t('dun.placeholders', { list: LETTER_PLACEHOLDERS.map((p) => `{${p}}`).join(' ') })}
            </Typography>
            {field('subjectEn', 'dun.subjectEn')}
            {field('bodyEn', 'dun.bodyEn', { multiline: true, minRows: 4 })}
            {field('subjectFr', 'dun.subjectFr')}
            {field('bodyFr', 'dun.bodyFr', { multiline: true, minRows: 4 })}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          <Button
            variant="contained"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              const r = await saveDunningLevelAction({ ...v, productId, fee: v.fee || null });
              setBusy(false);
              if (!r.ok) {
                setError(r.error);
                setErrors(r.fieldErrors ?? {});
                return;
              }
              setErrors({});
              setOpen(false);
              if (!level) setV(EMPTY);
              notify({ severity: 'success', message: t('dun.saved') });
              router.refresh();
            }}
          >
            {t('dun.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export function DeleteLevelButton({
  productId,
  id,
  version,
  name,
}: {
  productId: string;
  id: string;
  version: number;
  name: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const notify = useFeedback();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" color="error" onClick={() => setOpen(true)}>
        {t('dun.delete')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('dun.delete')}
        message={t('dun.deleteConfirm', { name })}
        confirmLabel={t('dun.delete')}
        destructive
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const r = await deleteDunningLevelAction({ productId, id, version });
          if (!r.ok) return r.error;
          setOpen(false);
          notify({ severity: 'success', message: t('dun.deleted') });
          router.refresh();
          return null;
        }}
      />
    </>
  );
}

export function DefaultLevelsButton({ productId }: { productId: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const notify = useFeedback();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="outlined"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        const r = await addDefaultDunningLevelsAction({ productId });
        setBusy(false);
        if (r.ok) notify({ severity: 'success', message: t('dun.defaultsAdded') });
        else notify({ severity: 'error', message: r.error });
        router.refresh();
      }}
    >
      {t('dun.defaults')}
    </Button>
  );
}
