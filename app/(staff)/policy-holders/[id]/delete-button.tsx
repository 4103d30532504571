'use client';
import DeleteIcon from '@mui/icons-material/Delete';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
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
  return (
    <>
      <Button color="error" variant="outlined" startIcon={<DeleteIcon />} onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title="Delete policy holder"
        message={`Delete policy holder ${code}? It will no longer appear in searches.`}
        confirmLabel="Delete"
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
