import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { MoneyChart, StateChart } from '@/components/dashboard/charts';
import { LinkTile } from '@/components/dashboard/link-tile';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { stateLabel } from '@/lib/contracts/states';
import { getDashboard } from '@/lib/dashboard/dashboard';
import { formatAmount, formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';

export const metadata: Metadata = { title: 'Dashboard' };

const grid = (min: number) => ({
  display: 'grid',
  gap: 2,
  gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${min}px), 1fr))`,
});

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2, mb: 3 }}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {hint && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {hint}
        </Typography>
      )}
      <Box sx={{ mt: 1 }}>{children}</Box>
    </Paper>
  );
}

/** The back office's home: what waits for the reader, and the portfolio's figures, each one a link. */
export default async function DashboardPage() {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const d = await getDashboard(getDb(), actor);
  const currency = currencyCode();
  const monthLabel = (m: string) =>
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      month: 'short',
      year: '2-digit',
      timeZone: 'UTC',
    }).format(new Date(`${m}-01T00:00:00Z`));
  const { toApprove, toRework, toAnswer } = d.waiting;
  const waits = toApprove !== null || toRework !== null || toAnswer !== null;
  const total = d.byState.reduce((s, r) => s + r.count, 0);

  return (
    <>
      <PageHeader
        title={t('dash.title')}
        subtitle={t('dash.subtitle', { date: formatDate(d.today, locale) })}
      />

      <Section title={t('dash.waiting')}>
        {waits ? (
          <Box sx={grid(220)}>
            {toApprove !== null && (
              <LinkTile
                href="/contracts?state=4&sort=updatedAt&dir=asc"
                label={t('dash.toApprove')}
                value={toApprove}
                tone={toApprove ? 'warning' : undefined}
              />
            )}
            {toRework !== null && (
              <LinkTile
                href="/contracts?state=11&sort=updatedAt&dir=asc"
                label={t('dash.toRework')}
                value={toRework}
                tone={toRework ? 'warning' : undefined}
              />
            )}
            {toAnswer !== null && (
              <Paper variant="outlined" sx={{ p: 2 }}>
                <Typography variant="body2" color="text.secondary">
                  {t('dash.toAnswer')}
                </Typography>
                <Typography variant="h5" component="div" sx={{ fontWeight: 600 }}>
                  {toAnswer.count}
                </Typography>
                {toAnswer.oldest.length > 0 && (
                  <Typography variant="body2" component="div">
                    {t('dash.toAnswerOldest')}{' '}
                    {toAnswer.oldest.map((c, i) => (
                      <span key={c.contractId}>
                        {i > 0 && ', '}
                        <AppLink href={`/contracts/${c.contractId}?tab=comments`}>
                          {c.code}
                          {c.amendment ? t('reg.amendment', { n: c.amendment }) : ''}
                        </AppLink>
                      </span>
                    ))}
                  </Typography>
                )}
              </Paper>
            )}
          </Box>
        ) : (
          <Typography color="text.secondary">{t('dash.nothingWaits')}</Typography>
        )}
      </Section>

      <Section title={t('dash.receivables')} hint={t('dash.receivablesHint')}>
        <Box sx={grid(180)}>
          {d.aging.map((b) => (
            <LinkTile
              key={b.bucket}
              href={`/payments?age=${encodeURIComponent(b.bucket)}`}
              label={t(`dash.age.${b.bucket}`)}
              value={formatAmount(b.amount, locale, currency)}
              detail={t('dash.installments', { count: b.count })}
              tone={b.bucket === 'soon' ? 'info' : b.count ? 'error' : undefined}
            />
          ))}
        </Box>
      </Section>

      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', lg: '2fr 3fr' }, mb: 3 }}>
        <Section title={t('dash.byState')}>
          {total === 0 ? (
            <Typography color="text.secondary">{t('dash.noContract')}</Typography>
          ) : (
            <>
              <StateChart
                label={t('dash.contracts')}
                states={d.byState.map((s) => ({ label: stateLabel(s.state, locale), count: s.count }))}
              />
              <Box sx={{ ...grid(150), mt: 1 }}>
                {d.byState.map((s) => (
                  <LinkTile
                    key={s.state}
                    href={`/contracts?state=${s.state}`}
                    label={stateLabel(s.state, locale)}
                    value={s.count.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB')}
                  />
                ))}
              </Box>
            </>
          )}
        </Section>

        <Section title={t('dash.premiums')} hint={t('dash.premiumsHint')}>
          <MoneyChart
            locale={locale}
            billedLabel={t('dash.billed')}
            collectedLabel={t('dash.collected')}
            months={d.months.map((m) => ({
              label: monthLabel(m.month),
              billed: Number(m.billed),
              collected: Number(m.collected),
            }))}
          />
          <TableContainer>
            <Table size="small" aria-label={t('dash.premiums')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('dash.month')}</TableCell>
                  <TableCell align="right">
                    <AppLink href="/invoices">{t('dash.billed')}</AppLink>
                  </TableCell>
                  <TableCell align="right">
                    <AppLink href="/receipts">{t('dash.collected')}</AppLink>
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {[...d.months].reverse().map((m) => (
                  <TableRow key={m.month}>
                    <TableCell>{monthLabel(m.month)}</TableCell>
                    <TableCell align="right">{formatMoney(m.billed, locale)}</TableCell>
                    <TableCell align="right">{formatMoney(m.collected, locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Section>
      </Box>
    </>
  );
}
