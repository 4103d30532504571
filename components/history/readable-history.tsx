import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { type HistoryChange, type HistoryEntry, REFERENCE_FIELDS } from '@/lib/audit/history';
import { stateLabel } from '@/lib/contracts/states';
import { formatAmount, formatDate, formatDateTime, formatMoney, type Locale } from '@/lib/format';
import { en, type MessageKey, type Translate } from '@/lib/i18n/messages';

const MONEY = new Set(['amountNotified', 'amountRectified', 'amountDue', 'amount', 'amountGross', 'total']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const shorten = (v: string) => (v.length > 120 ? `${v.slice(0, 117)}…` : v);

/** "dateOfBirth" → "date of birth": a field nobody labelled yet still reads as words. */
const words = (field: string) => field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function fieldLabel(field: string, t: Translate): string {
  const key = `hist.f.${field}`;
  if (key in en) return t(key as MessageKey);
  const param = `param.${field}`;
  return param in en ? t(param as MessageKey) : words(field);
}

function formatValue(
  field: string,
  value: string | null,
  ctx: { t: Translate; locale: Locale; names: Record<string, string>; currency: string },
): string {
  const { t, locale, names, currency } = ctx;
  if (value === null || value === '') return '—';
  if (field === 'state' && /^\d+$/.test(value)) return stateLabel(Number(value), locale);
  if (REFERENCE_FIELDS.has(field)) return names[value] ?? value.slice(0, 8);
  if (value === 'true' || value === 'false') return t(value === 'true' ? 'hist.yes' : 'hist.no');
  if (MONEY.has(field) && /^-?\d+(\.\d+)?$/.test(value)) return formatAmount(value, locale, currency);
  // A decimal with cents (an income in the calculation parameters) reads as an amount in the locale.
  if (/^-?\d+\.\d{2}$/.test(value)) return formatMoney(value, locale);
  if (ISO_DATE.test(value)) return formatDate(value, locale);
  if (ISO_MOMENT.test(value) && !Number.isNaN(Date.parse(value)))
    return `${formatDateTime(new Date(value), locale)} UTC`;
  if (field === 'language' && (value === 'en' || value === 'fr'))
    return value === 'en' ? 'English' : 'Français';
  if (value.startsWith('{')) {
    // Calculation parameters: "Income: 2,500.00 · Include family: Yes".
    try {
      const obj = JSON.parse(value) as Record<string, unknown>;
      return Object.entries(obj)
        .map(([k, v]) => `${fieldLabel(k, t)}: ${formatValue(k, v === null ? null : String(v), ctx)}`)
        .join(' · ');
    } catch {
      return shorten(value);
    }
  }
  return shorten(value);
}

/**
 * The audit trail as people read it ("revision blame"): one block per operation, newest first, saying
 * what was done, by whom, through which surface and when; below it each changed field by its label in
 * the reader's language, before and after, with names instead of ids and amounts and dates formatted.
 * A change to a line of the record (an insured person, a declared employee) says which line.
 */
export function ReadableHistory({
  history,
  names,
  t,
  locale,
  currency,
  own,
}: {
  history: HistoryEntry[];
  names: Record<string, string>;
  t: Translate;
  locale: Locale;
  currency: string;
  /** The card's own entity (contract, policy_holder): its changes need no "which line" label. */
  own: string;
}) {
  if (!history.length) return <Typography color="text.secondary">{t('hist.none')}</Typography>;
  const op = (name: string) => {
    const key = `hist.op.${name}`;
    return key in en ? t(key as MessageKey) : words(name);
  };
  const source = (s: string) => {
    const key = `hist.source.${s}`;
    return key in en ? t(key as MessageKey) : s;
  };
  const subject = (c: HistoryChange) => {
    if (c.entity === own) return null;
    const key = `hist.entity.${c.entity}`;
    const kind = key in en ? t(key as MessageKey) : words(c.entity);
    return `${kind} · ${names[c.entityId] ?? c.entityId.slice(0, 8)}`;
  };
  const ctx = { t, locale, names, currency };
  return (
    <List aria-label={t('hist.list')} disablePadding>
      {history.map((h) => {
        const fields = h.changes.filter((c) => c.field);
        const subjects = [...new Set(h.changes.map(subject).filter((s): s is string => !!s))];
        const created = h.operation === 'create' || h.operation === 'add_detail';
        return (
          <ListItem key={h.operationId} divider sx={{ display: 'block', px: 0 }}>
            <Typography variant="subtitle2" component="h3">
              {op(h.operation)}
              {subjects.length > 0 && ` · ${subjects.join(', ')}`}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {h.actorName ?? t('hist.system')} · {source(h.source)} ·{' '}
              {formatDateTime(new Date(h.at), locale)} UTC
            </Typography>
            {fields.length > 0 && (
              <Box sx={{ overflowX: 'auto' }}>
                <Table
                  size="small"
                  sx={{ mt: 1 }}
                  aria-label={`${op(h.operation)} · ${formatDateTime(new Date(h.at), locale)}`}
                >
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('hist.field')}</TableCell>
                      {!created && <TableCell>{t('hist.before')}</TableCell>}
                      <TableCell>{created ? t('hist.created') : t('hist.after')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {fields.map((c) => (
                      <TableRow key={c.id}>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>
                          {subjects.length > 1 && subject(c) ? `${subject(c)} · ` : ''}
                          {fieldLabel(c.field!, t)}
                        </TableCell>
                        {!created && (
                          <TableCell sx={{ color: 'text.secondary' }}>
                            {formatValue(c.field!, c.oldValue, ctx)}
                          </TableCell>
                        )}
                        <TableCell>{formatValue(c.field!, c.newValue, ctx)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            )}
          </ListItem>
        );
      })}
    </List>
  );
}
