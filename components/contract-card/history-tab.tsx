import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import type { HistoryEntry } from '@/lib/contracts/queries';
import { stateLabel } from '@/lib/contracts/states';
import type { Locale } from '@/lib/format';
import { en, type MessageKey, type Translate } from '@/lib/i18n/messages';

const shorten = (v: string) => (v.length > 80 ? `${v.slice(0, 77)}…` : v);

/** "Who changed which field from what to what, when", newest first, one block per operation. */
export function HistoryTab({
  history,
  t,
  locale,
}: {
  history: HistoryEntry[];
  t: Translate;
  locale: Locale;
}) {
  if (!history.length) return <Typography color="text.secondary">{t('hist.none')}</Typography>;
  const op = (name: string) => {
    const key = `hist.op.${name}`;
    return key in en ? t(key as MessageKey) : name;
  };
  const show = (field: string | null, v: string | null) => {
    if (v === null) return '∅';
    return field === 'state' ? stateLabel(Number(v), locale) : shorten(v);
  };
  return (
    <List aria-label={t('hist.list')}>
      {history.map((h) => (
        <ListItem key={h.operationId} divider sx={{ display: 'block' }}>
          <Typography variant="subtitle2">
            {op(h.operation)} · {h.actorName ?? t('hist.system')} ({h.source}) ·{' '}
            {new Date(h.at).toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'UTC' })} UTC
          </Typography>
          {h.changes
            .filter((c) => c.field)
            .map((c) => (
              <Typography key={c.id} variant="body2" color="text.secondary">
                {c.entity === 'contract_detail' ? `${t('hist.detail')} · ` : ''}
                {c.field}: {show(c.field, c.oldValue)} → {show(c.field, c.newValue)}
              </Typography>
            ))}
        </ListItem>
      ))}
    </List>
  );
}
