'use client';
import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { createPremiumRuleAction } from './actions';

export function NewRuleForm() {
  const router = useRouter();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({ code: '', name: '' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const r = await createPremiumRuleAction(v);
    setBusy(false);
    if (r.ok) router.push(`/admin/premium-rules/${r.data.id}`);
    else {
      setError(r.error);
      setErrors(r.fieldErrors ?? {});
    }
  };
  return (
    <>
      <Button variant="contained" startIcon={<AddIcon />} onClick={() => setOpen(true)}>
        {t('rules.new')}
      </Button>
      {open && (
        <Dialog
          open
          onClose={busy ? undefined : () => setOpen(false)}
          fullWidth
          maxWidth="sm"
          aria-labelledby="new-rule"
        >
          <DialogTitle id="new-rule">{t('rules.new')}</DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ pt: 1 }}>
              {error && <Alert severity="error">{error}</Alert>}
              {(['code', 'name'] as const).map((k) => (
                <TextField
                  key={k}
                  label={t(`rules.${k}`)}
                  value={v[k]}
                  onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))}
                  error={!!errors[k]}
                  helperText={errors[k]?.[0]}
                />
              ))}
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button variant="contained" loading={busy} onClick={submit}>
              {t('rules.create')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
