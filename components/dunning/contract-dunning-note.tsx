import Alert from '@mui/material/Alert';
import { AppLink } from '@/components/links';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { contractDunning } from '@/lib/dunning/queries';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';

/**
 * The contract card's dunning line (issue 14): the level reached, what is overdue and the next step for
 * staff; for everyone, a suspended cover. Nothing when the contract is neither late nor suspended.
 */
export async function ContractDunningNote({
  actor,
  contractId,
  t,
  locale,
}: {
  actor: Actor;
  contractId: string;
  t: Translate;
  locale: Locale;
}) {
  const { coverSuspendedFrom, row } = await contractDunning(getDb(), actor, contractId);
  const currency = currencyCode();
  const parts: string[] = [];
  if (row && row.status !== 'paid' && row.status !== 'terminated') {
    const amount = formatAmount(row.overdue, locale, currency);
    const due = formatDate(row.dueDate, locale);
    parts.push(
      row.level > 0 && row.levelName && row.lastStepOn
        ? t('dun.card', {
            level: t('dun.levelN', { n: row.level, name: row.levelName }),
            date: formatDate(row.lastStepOn, locale),
            amount,
            due,
          })
        : t('dun.cardNew', { amount, due }),
    );
    if (row.nextLevelName && row.nextDate)
      parts.push(
        t('dun.cardNext', {
          next: t('dun.nextOn', { name: row.nextLevelName, date: formatDate(row.nextDate, locale) }),
        }),
      );
    if (row.holdUntil) parts.push(t('dun.cardHeld', { date: formatDate(row.holdUntil, locale) }));
  }
  if (coverSuspendedFrom)
    parts.unshift(t('dun.suspendedCard', { date: formatDate(coverSuspendedFrom, locale) }));
  if (!parts.length) return null;
  return (
    <Alert severity={coverSuspendedFrom ? 'error' : 'warning'} sx={{ mb: 2 }} data-testid="dunning-note">
      {parts.join(' ')}
      {!actor.isPortal && (
        <>
          {' '}
          <AppLink href="/billing/dunning">{t('dun.open')}</AppLink>
        </>
      )}
    </Alert>
  );
}
