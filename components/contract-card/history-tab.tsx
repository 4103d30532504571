import { ReadableHistory } from '@/components/history/readable-history';
import type { HistoryEntry } from '@/lib/audit/history';
import type { Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';

/** The contract's history: its own changes and its insured persons', readable (see ReadableHistory). */
export function HistoryTab({
  history,
  names,
  t,
  locale,
  currency,
}: {
  history: HistoryEntry[];
  names: Record<string, string>;
  t: Translate;
  locale: Locale;
  currency: string;
}) {
  return (
    <ReadableHistory
      history={history}
      names={names}
      t={t}
      locale={locale}
      currency={currency}
      own="contract"
    />
  );
}
