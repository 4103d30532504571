import Download from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { stateLabel } from '@/lib/contracts/states';
import { formatAmount, formatDate, formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { openShareLink } from '@/lib/sharing/visit';
import { CodeForm } from './code-form';
import { currentVisit } from './visit';

// The token is in the address: never sent on as a referrer, never indexed.
export const metadata: Metadata = {
  title: 'Shared with you',
  referrer: 'no-referrer',
  robots: { index: false, follow: false },
};

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '12rem 1fr' }, gap: 0.5, py: 0.75 }}>
      <Typography component="dt" sx={{ color: 'text.secondary' }}>
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontWeight: 500 }}>
        {value}
      </Typography>
    </Box>
  );
}

/**
 * The public page of a share link: outside the staff and portal areas (no sign-in), it shows only what
 * the link shares, read-only, or why it does not (unknown, expired, revoked), or asks for the code.
 */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t, locale } = await getTranslator();
  const view = await openShareLink(getDb(), token, await currentVisit());
  let body: React.ReactNode;
  if (view.status !== 'ok' && view.status !== 'needs_code') {
    body = (
      <>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 2 }}>
          {t('shared.unavailableTitle')}
        </Typography>
        <Alert severity="warning" role="alert">
          {t(
            view.status === 'expired'
              ? 'shared.expired'
              : view.status === 'revoked'
                ? 'shared.revoked'
                : 'shared.notFound',
          )}
        </Alert>
      </>
    );
  } else if (view.status === 'needs_code') {
    body = (
      <>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 2 }}>
          {t('shared.title')}
        </Typography>
        <CodeForm token={token} hint={view.emailHint} />
      </>
    );
  } else {
    const c = view.contract;
    const download = (
      <Button
        variant="contained"
        startIcon={<Download />}
        href={`/share/${encodeURIComponent(token)}/file`}
        download
        sx={{ mt: 2 }}
      >
        {t('shared.download')}
      </Button>
    );
    body = (
      <>
        <Typography variant="overline" sx={{ color: 'text.secondary' }}>
          {t('shared.title')}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 1 }}>
          {c
            ? t('shared.contract', { code: c.code })
            : view.invoice
              ? t('shared.invoice', { number: view.invoice.number })
              : view.file!.fileName}
        </Typography>
        <Box component="dl" sx={{ m: 0 }}>
          {c && (
            <>
              {c.amendment > 0 && (
                <Row label={t('shared.amendment', { amendment: c.amendment })} value={c.code} />
              )}
              <Row label={t('shared.policyHolder')} value={c.policyHolderName ?? '—'} />
              <Row label={t('shared.state')} value={stateLabel(c.state, locale)} />
              <Row
                label={t('shared.period')}
                value={`${formatDate(c.dateValidFrom, locale)} – ${formatDate(c.dateValidTo, locale)}`}
              />
              <Row label={t('shared.amount')} value={formatAmount(c.amount, locale, c.currency)} />
              <Row label={t('shared.reference')} value={c.paymentReference ?? '—'} />
              <Row label={t('shared.persons')} value={String(c.personsCovered)} />
            </>
          )}
          {view.invoice && (
            <>
              <Row label={t('shared.ofContract', { code: view.contractCode })} value={view.invoice.number} />
              <Row label={t('shared.issued')} value={formatDate(view.invoice.dateIssued, locale)} />
              <Row label={t('shared.due')} value={formatDate(view.invoice.dueDate, locale)} />
              <Row
                label={t('shared.total')}
                value={formatAmount(view.invoice.total, locale, view.invoice.currency)}
              />
            </>
          )}
          {view.file && (
            <>
              <Row label={t('shared.ofContract', { code: view.contractCode })} value={view.file.fileName} />
              <Row label={t('shared.size')} value={`${Math.max(1, Math.round(view.file.size / 1024))} KB`} />
            </>
          )}
        </Box>
        {(view.file || view.invoice) && download}
        <Typography variant="body2" sx={{ color: 'text.secondary', mt: 3 }}>
          {t('shared.from', { date: formatDateTime(view.expiresAt, locale) })}
        </Typography>
      </>
    );
  }
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 4 }, width: '100%', maxWidth: 560 }}>
        {body}
      </Paper>
    </Box>
  );
}
