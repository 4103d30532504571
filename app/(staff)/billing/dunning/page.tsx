import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { RegisterLinks } from '@/components/register-links';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { todayIso } from '@/lib/dates';
import { dunningOverview } from '@/lib/dunning/queries';
import { formatAmount, formatDate } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode, money, toMoneyString } from '@/lib/money';
import { isRealDate } from '@/lib/validation/common';
import { DunningRunForm } from './run-form';

export const metadata: Metadata = { title: 'Dunning' };

/** Who is at which dunning level on a day, what they owe past due, and what comes next (issue 14). */
export default async function DunningPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const { t, locale } = await getTranslator();
  const query = await searchParams;
  const asOf = typeof query.asOf === 'string' && isRealDate(query.asOf) ? query.asOf : todayIso();
  const rows = await dunningOverview(getDb(), actor, { asOf });
  const currency = currencyCode();
  const total = rows.reduce((s, r) => s.plus(r.overdue), money(0));
  return (
    <>
      <PageHeader title={t('dun.title')} subtitle={t('dun.subtitle', { date: formatDate(asOf, locale) })} />
      <RegisterLinks current="dunning" t={t} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <DunningRunForm asOf={asOf} canRun={can(actor, 'contract.approve')} />
      </Paper>
      <Typography sx={{ mb: 1 }} data-testid="dunning-total">
        {t('dun.total', { amount: formatAmount(toMoneyString(total), locale, currency), count: rows.length })}
      </Typography>
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t('dun.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('dun.policyHolder')}</TableCell>
                <TableCell>{t('dun.contract')}</TableCell>
                <TableCell align="right">{t('dun.overdue')}</TableCell>
                <TableCell>{t('dun.since')}</TableCell>
                <TableCell>{t('dun.level')}</TableCell>
                <TableCell>{t('dun.next')}</TableCell>
                <TableCell align="right">{t('dun.fees')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.chainCode}>
                  <TableCell>
                    {r.policyHolderId ? (
                      <AppLink href={`/policy-holders/${r.policyHolderId}?tab=dunning`}>
                        {r.policyHolderName}
                      </AppLink>
                    ) : (
                      '—'
                    )}
                    {r.holdUntil && (
                      <Typography variant="body2" color="warning.main">
                        {t('dun.heldUntil', {
                          date: formatDate(r.holdUntil, locale),
                          reason: r.holdReason ?? '',
                        })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <AppLink href={`/contracts/${r.contractId}?tab=payments`}>{r.contractCode}</AppLink>
                    {r.coverSuspendedFrom && (
                      <Typography variant="body2" color="error">
                        {t('dun.suspendedFrom', { date: formatDate(r.coverSuspendedFrom, locale) })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">{formatAmount(r.overdue, locale, currency)}</TableCell>
                  <TableCell>{formatDate(r.dueDate, locale)}</TableCell>
                  <TableCell>
                    {r.level > 0 && r.levelName ? t('dun.levelN', { n: r.level, name: r.levelName }) : '—'}
                    <Typography variant="body2" color="text.secondary">
                      {t(`dun.status.${r.status}` as MessageKey)}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {r.nextLevelName && r.nextDate
                      ? t('dun.nextOn', { name: r.nextLevelName, date: formatDate(r.nextDate, locale) })
                      : '—'}
                  </TableCell>
                  <TableCell align="right">{formatAmount(r.feesTotal, locale, currency)}</TableCell>
                </TableRow>
              ))}
              {rows.length === 0 && <EmptyRow colSpan={7}>{t('dun.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
