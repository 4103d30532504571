'use client';
import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { UserDto } from '@/lib/admin/users';
import { createUserAction, sendPasswordResetAction, updateUserAction } from './actions';

type Role = { code: string; name: string; isPortal: boolean };

function NewUserDialog({
  roles,
  policyHolders,
  onClose,
}: {
  roles: Role[];
  policyHolders: { id: string; label: string }[];
  onClose: () => void;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [v, setV] = useState({ email: '', name: '', role: 'viewer', password: '', policyHolderId: '' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const portal = roles.find((r) => r.code === v.role)?.isPortal;
  const field = (k: keyof typeof v, label: string, type?: string) => (
    <TextField
      label={label}
      type={type}
      value={v[k]}
      onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))}
      error={!!errors[k]}
      helperText={errors[k]?.[0]}
    />
  );
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="new-user-title"
    >
      <DialogTitle id="new-user-title">{t('adm.add')}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Stack spacing={2} sx={{ pt: 1 }}>
          {field('email', t('adm.email'), 'email')}
          {field('name', t('adm.name'))}
          <TextField
            select
            label={t('adm.role')}
            value={v.role}
            onChange={(e) => setV((x) => ({ ...x, role: e.target.value }))}
          >
            {roles.map((r) => (
              <MenuItem key={r.code} value={r.code}>
                {r.name}
              </MenuItem>
            ))}
          </TextField>
          {portal && (
            <TextField
              select
              label={t('adm.policyHolder')}
              value={v.policyHolderId}
              onChange={(e) => setV((x) => ({ ...x, policyHolderId: e.target.value }))}
              error={!!errors.policyHolderId}
              helperText={errors.policyHolderId?.[0]}
            >
              {policyHolders.map((p) => (
                <MenuItem key={p.id} value={p.id}>
                  {p.label}
                </MenuItem>
              ))}
            </TextField>
          )}
          {field('password', t('adm.password'), 'password')}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setErrors({});
            setError(null);
            const r = await createUserAction({
              ...v,
              policyHolderId: portal ? v.policyHolderId || undefined : undefined,
            });
            setBusy(false);
            if (!r.ok) {
              setErrors(r.fieldErrors ?? {});
              if (!r.fieldErrors) setError(r.error);
              return;
            }
            router.refresh();
            onClose();
          }}
        >
          {t('adm.add')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function UsersClient({
  users,
  roles,
  policyHolders,
  selfId,
}: {
  users: UserDto[];
  roles: Role[];
  policyHolders: { id: string; label: string }[];
  selfId: string | null;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const update = async (input: Record<string, unknown>) => {
    setError(null);
    setNotice(null);
    const r = await updateUserAction(input);
    if (!r.ok) setError(r.error);
    router.refresh();
  };
  const sendReset = async (u: UserDto) => {
    setError(null);
    setNotice(null);
    const r = await sendPasswordResetAction({ id: u.id });
    if (r.ok) setNotice(t('adm.resetSent', { email: u.email }));
    else setError(r.error);
  };
  return (
    <>
      <Stack direction="row" sx={{ mb: 2 }}>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
          {t('adm.add')}
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {notice && (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {notice}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label="Users">
            <TableHead>
              <TableRow>
                <TableCell>{t('adm.email')}</TableCell>
                <TableCell>{t('adm.name')}</TableCell>
                <TableCell>{t('adm.role')}</TableCell>
                <TableCell>{t('adm.active')}</TableCell>
                <TableCell>{t('adm.lastSignIn')}</TableCell>
                <TableCell>{t('adm.lock')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.map((u) => (
                <TableRow key={u.id} hover>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>{u.name}</TableCell>
                  <TableCell>
                    <TextField
                      select
                      value={u.role}
                      disabled={u.id === selfId}
                      slotProps={{ htmlInput: { 'aria-label': t('adm.roleOf', { email: u.email }) } }}
                      onChange={(e) => update({ id: u.id, version: u.version, role: e.target.value })}
                      sx={{ minWidth: 200 }}
                    >
                      {roles.map((r) => (
                        <MenuItem key={r.code} value={r.code}>
                          {r.name}
                        </MenuItem>
                      ))}
                    </TextField>
                  </TableCell>
                  <TableCell>
                    <Switch
                      checked={u.isActive}
                      disabled={u.id === selfId}
                      slotProps={{ input: { 'aria-label': t('adm.activeOf', { email: u.email }) } }}
                      onChange={(e) => update({ id: u.id, version: u.version, isActive: e.target.checked })}
                    />
                  </TableCell>
                  <TableCell>
                    {u.lastLoginAt
                      ? new Date(u.lastLoginAt).toISOString().slice(0, 16).replace('T', ' ')
                      : '—'}
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1}>
                      <Button
                        size="small"
                        aria-label={t('adm.unlockOf', { email: u.email })}
                        onClick={() => update({ id: u.id, version: u.version, unlock: true })}
                      >
                        {t('adm.unlock')}
                      </Button>
                      <Button
                        size="small"
                        aria-label={t('adm.sendResetOf', { email: u.email })}
                        onClick={() => sendReset(u)}
                      >
                        {t('adm.sendReset')}
                      </Button>
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
      {adding && (
        <NewUserDialog roles={roles} policyHolders={policyHolders} onClose={() => setAdding(false)} />
      )}
    </>
  );
}
