'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { EmptyRow } from '@/components/empty-row';
import { useI18n } from '@/components/i18n';
import type { MandateDto } from '@/lib/collection/mandates';
import { formatDate } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { createMandateAction, revokeMandateAction } from './mandate-actions';

type Props = { policyHolderId: string; mandates: MandateDto[]; canManage: boolean; today: string };

/** The policy holder's SEPA mandates; staff with collection.manage add and revoke them. */
export function MandatesTab({ policyHolderId, mandates, canManage, today }: Props) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const empty = { reference: '', debtorName: '', iban: '', bic: '', signedOn: today, scheme: 'CORE' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; version: number; reason: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof empty, label: MessageKey, extra: object = {}) => (
    <TextField
      name={name}
      label={t(label)}
      value={values[name]}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      error={!!errors[name]}
      helperText={errors[name]?.[0]}
      size="small"
      {...extra}
    />
  );
  return (
    <Stack spacing={2}>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <TableContainer>
        <Table size="small" aria-label={t('mandate.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('mandate.reference')}</TableCell>
              <TableCell>{t('mandate.debtorName')}</TableCell>
              <TableCell>{t('coll.iban')}</TableCell>
              <TableCell>{t('mandate.signedOn')}</TableCell>
              <TableCell>{t('mandate.scheme')}</TableCell>
              <TableCell>{t('mandate.sequence')}</TableCell>
              <TableCell>{t('mandate.statusLabel')}</TableCell>
              <TableCell>{t('mandate.lastCollected')}</TableCell>
              {canManage && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {mandates.map((m) => (
              <TableRow key={m.id}>
                <TableCell>{m.reference}</TableCell>
                <TableCell>
                  {m.debtorName}
                  {m.source === 'portal' && (
                    <Typography variant="caption" sx={{ display: 'block' }}>
                      {t('mandate.source.portal')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{m.iban}</TableCell>
                <TableCell>{formatDate(m.signedOn, locale)}</TableCell>
                <TableCell>{m.scheme}</TableCell>
                <TableCell>{m.sequence}</TableCell>
                <TableCell>
                  {t(`mandate.status.${m.status}` as MessageKey)}
                  {m.revokedReason ? ` (${m.revokedReason})` : ''}
                </TableCell>
                <TableCell>{m.lastCollectedOn ? formatDate(m.lastCollectedOn, locale) : '—'}</TableCell>
                {canManage && (
                  <TableCell>
                    {m.status === 'active' && (
                      <Button
                        size="small"
                        color="error"
                        onClick={() => setRevoking({ id: m.id, version: m.version, reason: '' })}
                      >
                        {t('mandate.revoke')}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
            {mandates.length === 0 && <EmptyRow colSpan={canManage ? 9 : 8}>{t('mandate.none')}</EmptyRow>}
          </TableBody>
        </Table>
      </TableContainer>
      {revoking && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          <TextField
            size="small"
            label={t('mandate.revokeReason')}
            value={revoking.reason}
            onChange={(e) => setRevoking({ ...revoking, reason: e.target.value })}
          />
          <Button
            color="error"
            variant="contained"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              const r = await revokeMandateAction(revoking);
              setBusy(false);
              if (r.ok) {
                setRevoking(null);
                setMessage({ ok: true, text: t('mandate.revoked') });
                router.refresh();
              } else setMessage({ ok: false, text: r.error });
            }}
          >
            {t('mandate.revoke')}
          </Button>
        </Stack>
      )}
      {canManage && (
        <Stack
          component="form"
          aria-label={t('mandate.add')}
          spacing={1.5}
          sx={{ maxWidth: 560 }}
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            const { reference, bic, ...rest } = values;
            const r = await createMandateAction({
              ...rest,
              policyHolderId,
              ...(reference.trim() ? { reference } : {}),
              bic,
            });
            setBusy(false);
            if (r.ok) {
              setValues(empty);
              setErrors({});
              setMessage({ ok: true, text: t('mandate.added') });
              router.refresh();
            } else {
              setErrors(r.fieldErrors ?? {});
              setMessage({ ok: false, text: r.error });
            }
          }}
        >
          <Typography variant="subtitle1">{t('mandate.add')}</Typography>
          {field('debtorName', 'mandate.debtorName')}
          {field('iban', 'coll.iban')}
          {field('bic', 'coll.bic')}
          <DateInput
            name="signedOn"
            label={t('mandate.signedOn')}
            value={values.signedOn}
            onChange={(iso) => setValues((v) => ({ ...v, signedOn: iso }))}
            error={!!errors.signedOn}
            helperText={errors.signedOn?.[0]}
            size="small"
          />
          {field('scheme', 'mandate.scheme', {
            select: true,
            children: ['CORE', 'B2B'].map((s) => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            )),
          })}
          {field('reference', 'mandate.reference', {
            helperText: errors.reference?.[0] ?? t('mandate.referenceHelp'),
          })}
          <Button type="submit" variant="contained" loading={busy} sx={{ alignSelf: 'flex-start' }}>
            {t('mandate.add')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
