import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { getDb } from '@/db/client';
import { type Actor, can } from '@/lib/auth/actor';
import { todayIso } from '@/lib/dates';
import { policyHolderDunning } from '@/lib/dunning/queries';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';
import { HoldForm, ReleaseHoldButton } from './hold-form';

/** The policy holder card's Dunning tab: its contracts in dunning, the steps taken, the holds. */
export async function PolicyHolderDunning({
  actor,
  policyHolderId,
  t,
  locale,
}: {
  actor: Actor;
  policyHolderId: string;
  t: Translate;
  locale: Locale;
}) {
  const { rows, steps, holds } = await policyHolderDunning(getDb(), actor, policyHolderId);
  const currency = currencyCode();
  const today = todayIso();
  const canHold = can(actor, 'contract.approve');
  return (
    <Stack spacing={3} sx={{ mt: 2 }}>
      <TableContainer>
        <Table size="small" aria-label={t('dun.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('dun.contract')}</TableCell>
              <TableCell align="right">{t('dun.overdue')}</TableCell>
              <TableCell>{t('dun.since')}</TableCell>
              <TableCell>{t('dun.level')}</TableCell>
              <TableCell>{t('dun.next')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.chainCode}>
                <TableCell>
                  <AppLink href={`/contracts/${r.contractId}`}>{r.contractCode}</AppLink>
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
              </TableRow>
            ))}
            {rows.length === 0 && <EmptyRow colSpan={5}>{t('dun.none')}</EmptyRow>}
          </TableBody>
        </Table>
      </TableContainer>
      <div>
        <Typography variant="h6" component="h3">
          {t('dun.steps')}
        </Typography>
        <TableContainer>
          <Table size="small" aria-label={t('dun.steps')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('dun.date')}</TableCell>
                <TableCell>{t('dun.contract')}</TableCell>
                <TableCell>{t('dun.level')}</TableCell>
                <TableCell>{t('dun.actionLabel')}</TableCell>
                <TableCell align="right">{t('dun.overdue')}</TableCell>
                <TableCell align="right">{t('dun.fee')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {steps.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{formatDate(s.stepDate, locale)}</TableCell>
                  <TableCell>{s.contractCode}</TableCell>
                  <TableCell>
                    {s.notificationId ? (
                      <AppLink href={`/api/documents/dunning-letter/${s.notificationId}`}>
                        {t('dun.levelN', { n: s.levelNumber, name: s.levelName })}
                      </AppLink>
                    ) : (
                      t('dun.levelN', { n: s.levelNumber, name: s.levelName })
                    )}
                  </TableCell>
                  <TableCell>{t(`dun.action.${s.action}` as MessageKey)}</TableCell>
                  <TableCell align="right">{formatAmount(s.amountOverdue, locale, currency)}</TableCell>
                  <TableCell align="right">{formatAmount(s.fee, locale, currency)}</TableCell>
                </TableRow>
              ))}
              {steps.length === 0 && <EmptyRow colSpan={6}>{t('dun.noSteps')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </div>
      <div>
        <Typography variant="h6" component="h3">
          {t('dun.holds')}
        </Typography>
        {canHold && <HoldForm policyHolderId={policyHolderId} today={today} />}
        <TableContainer>
          <Table size="small" aria-label={t('dun.holds')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('dun.holdUntil')}</TableCell>
                <TableCell>{t('dun.reason')}</TableCell>
                <TableCell>{t('dun.hold')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {holds.map((h) => {
                const inForce = !h.releasedAt && h.until >= today;
                return (
                  <TableRow key={h.id}>
                    <TableCell>{formatDate(h.until, locale)}</TableCell>
                    {/* i18n-plain: the reason a person typed */}
                    <TableCell>{h.reason}</TableCell>
                    <TableCell>
                      {h.releasedAt ? t('dun.holdEnded') : inForce ? t('dun.holdInForce') : t('dun.holdPast')}
                    </TableCell>
                    <TableCell align="right">
                      {inForce && canHold && <ReleaseHoldButton id={h.id} version={h.version} />}
                    </TableCell>
                  </TableRow>
                );
              })}
              {holds.length === 0 && <EmptyRow colSpan={4}>{t('dun.noHolds')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
      </div>
    </Stack>
  );
}
