'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Decimal from 'decimal.js';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { EmptyRow } from '@/components/empty-row';
import { useI18n } from '@/components/i18n';
import type { BankLineDto, OpenInstallmentDto } from '@/lib/bank/reconciliation';
import { formatDate, formatMoney } from '@/lib/format';
import { markBankLineNotOursAction, matchBankLineAction, searchOpenInstallmentsAction } from './actions';

/** The reconciliation queue: match a line by hand (one installment or split), or mark it not ours. */
export function ReconciliationQueue({ lines }: { lines: BankLineDto[] }) {
  const { t, tm, locale } = useI18n();
  const router = useRouter();
  const [open, setOpen] = useState<{ line: BankLineDto; mode: 'match' | 'dismiss' } | null>(null);
  const [q, setQ] = useState('');
  const [amount, setAmount] = useState('');
  const [results, setResults] = useState<OpenInstallmentDto[] | null>(null);
  const [parts, setParts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const allocated = Object.values(parts).reduce((s, v) => {
    try {
      return s.plus(v.trim() ? v.replace(',', '.') : 0);
    } catch {
      return s;
    }
  }, new Decimal(0));
  const close = () => {
    setOpen(null);
    setResults(null);
    setParts({});
    setQ('');
    setAmount('');
    setNote('');
  };
  return (
    <Stack spacing={2}>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <TableContainer>
        <Table size="small" aria-label={t('recon.queue')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('recon.bookedOn')}</TableCell>
              <TableCell align="right">{t('recon.amount')}</TableCell>
              <TableCell>{t('recon.counterparty')}</TableCell>
              <TableCell>{t('recon.reference')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {lines.map((l) => (
              <TableRow key={l.id} selected={open?.line.id === l.id}>
                <TableCell>{formatDate(l.bookedOn, locale)}</TableCell>
                <TableCell align="right">
                  {l.direction === 'debit' ? '−' : ''}
                  {formatMoney(l.amount, locale)}
                </TableCell>
                <TableCell>{l.counterparty ?? '—'}</TableCell>
                <TableCell>
                  {l.reference ?? '—'}
                  {l.note && (
                    <Typography variant="caption" sx={{ display: 'block' }}>
                      {tm(l.note)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    {l.direction === 'credit' && (
                      <Button
                        size="small"
                        variant="outlined"
                        onClick={() => {
                          close();
                          setAmount(l.amount);
                          setOpen({ line: l, mode: 'match' });
                        }}
                      >
                        {t('recon.match')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      onClick={() => {
                        close();
                        setOpen({ line: l, mode: 'dismiss' });
                      }}
                    >
                      {t('recon.notOurs')}
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
            {lines.length === 0 && <EmptyRow colSpan={5}>{t('recon.queueEmpty')}</EmptyRow>}
          </TableBody>
        </Table>
      </TableContainer>
      {open?.mode === 'dismiss' && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <TextField
              size="small"
              label={t('recon.notOursNote')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button
              variant="contained"
              loading={busy}
              onClick={async () => {
                setBusy(true);
                const r = await markBankLineNotOursAction({
                  lineId: open.line.id,
                  version: open.line.version,
                  note,
                });
                setBusy(false);
                if (r.ok) {
                  close();
                  setMessage({ ok: true, text: t('recon.dismissed') });
                  router.refresh();
                } else setMessage({ ok: false, text: r.error });
              }}
            >
              {t('recon.notOurs')}
            </Button>
            <Button onClick={close}>{t('recon.cancel')}</Button>
          </Stack>
        </Paper>
      )}
      {open?.mode === 'match' && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack spacing={2}>
            <Typography variant="subtitle1">
              {t('recon.matchTitle', {
                amount: formatMoney(open.line.amount, locale),
                counterparty: open.line.counterparty ?? '—',
              })}
            </Typography>
            <Stack
              direction={{ xs: 'column', sm: 'row' }}
              spacing={1}
              component="form"
              aria-label={t('recon.find')}
              onSubmit={async (e) => {
                e.preventDefault();
                setBusy(true);
                const r = await searchOpenInstallmentsAction({ q, amount });
                setBusy(false);
                if (r.ok) setResults(r.data);
                else setMessage({ ok: false, text: r.error });
              }}
            >
              <TextField
                size="small"
                label={t('recon.search')}
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
              <TextField
                size="small"
                label={t('recon.searchAmount')}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
              <Button type="submit" variant="outlined" loading={busy && !results}>
                {t('recon.find')}
              </Button>
            </Stack>
            {results && (
              <Table size="small" aria-label={t('recon.results')}>
                <TableBody>
                  {results.map((r) => (
                    <TableRow key={r.installmentId}>
                      <TableCell>{r.policyHolderName ?? '—'}</TableCell>
                      <TableCell>{r.contractCode}</TableCell>
                      <TableCell>{r.invoiceNumber ?? '—'}</TableCell>
                      <TableCell>{t('recon.due', { date: formatDate(r.dueDate, locale) })}</TableCell>
                      <TableCell align="right">{formatMoney(r.open, locale)}</TableCell>
                      <TableCell>
                        <TextField
                          size="small"
                          label={t('recon.part')}
                          value={parts[r.installmentId] ?? ''}
                          onChange={(e) => setParts((p) => ({ ...p, [r.installmentId]: e.target.value }))}
                          slotProps={{
                            htmlInput: { 'aria-label': `${t('recon.part')} ${r.contractCode} ${r.dueDate}` },
                          }}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                  {results.length === 0 && <EmptyRow colSpan={6}>{t('recon.noResults')}</EmptyRow>}
                </TableBody>
              </Table>
            )}
            <Typography>
              {t('recon.remaining', {
                amount: formatMoney(new Decimal(open.line.amount).minus(allocated).toFixed(2), locale),
              })}
            </Typography>
            <Stack direction="row" spacing={1}>
              <Button
                variant="contained"
                loading={busy && !!results}
                disabled={!allocated.equals(open.line.amount)}
                onClick={async () => {
                  setBusy(true);
                  const r = await matchBankLineAction({
                    lineId: open.line.id,
                    version: open.line.version,
                    allocations: Object.entries(parts)
                      .filter(([, v]) => v.trim())
                      .map(([installmentId, v]) => ({ installmentId, amount: v.trim().replace(',', '.') })),
                  });
                  setBusy(false);
                  if (r.ok) {
                    close();
                    setMessage({ ok: true, text: t('recon.matched') });
                    router.refresh();
                  } else setMessage({ ok: false, text: r.error });
                }}
              >
                {t('recon.confirm')}
              </Button>
              <Button onClick={close}>{t('recon.cancel')}</Button>
            </Stack>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
