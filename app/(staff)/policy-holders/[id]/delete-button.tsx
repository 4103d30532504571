'use client';
import DeleteIcon from '@mui/icons-material/Delete';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useI18n } from '@/components/i18n';
import { deletePolicyHolderAction } from '../actions';

export function DeletePolicyHolderButton({
  id,
  version,
  code,
}: {
  id: string;
  version: number;
  code: string;
}) {
  const [open, setOpen] = useState(false);
  const { t } = useI18n();
  return (
    <>
      <Button color="error" variant="outlined" startIcon={<DeleteIcon />} onClick={() => setOpen(true)}>
        {t('ph.delete')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('ph.deleteTitle')}
        message={t('ph.deleteQuestion', { code })}
        confirmLabel={t('ph.delete')}
        destructive
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const r = await deletePolicyHolderAction({ id, version });
          return r.ok ? null : r.error;
        }}
      />
    </>
  );
}
