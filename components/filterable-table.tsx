'use client';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useMemo, useState } from 'react';
import { formatMoney } from '@/lib/format';
import { translate } from '@/lib/i18n/messages';
import { money } from '@/lib/money';

export type Column = { key: string; label: string; kind?: 'text' | 'money' | 'date' };

/**
 * A read-only table of plain rows with "contains" filters on some columns and a decimal total of the
 * money columns. Data and column descriptions only: no functions cross from the server.
 */
export function FilterableTable({
  label,
  rows,
  columns,
  filters,
  empty,
  locale = 'en',
}: {
  locale?: 'en' | 'fr';
  label: string;
  rows: Record<string, string | number | null>[];
  columns: Column[];
  filters: { key: string; label: string }[];
  empty: string;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const shown = useMemo(
    () =>
      rows.filter((r) =>
        filters.every((f) => {
          const v = values[f.key]?.trim().toLowerCase();
          return (
            !v ||
            String(r[f.key] ?? '')
              .toLowerCase()
              .includes(v)
          );
        }),
      ),
    [rows, filters, values],
  );
  const totals = columns
    .filter((c) => c.kind === 'money')
    .map(
      (c) => [c.key, shown.reduce((s, r) => s.plus(String(r[c.key] ?? '0')), money(0)).toFixed(2)] as const,
    );
  return (
    <>
      {filters.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }}>
          {filters.map((f) => (
            <TextField
              key={f.key}
              label={f.label}
              value={values[f.key] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              sx={{ maxWidth: 220 }}
            />
          ))}
        </Stack>
      )}
      <TableContainer>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c.key} align={c.kind === 'money' ? 'right' : 'left'}>
                  {c.label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((r, i) => (
              <TableRow key={String(r.id ?? i)} hover>
                {columns.map((c) => (
                  <TableCell key={c.key} align={c.kind === 'money' ? 'right' : 'left'}>
                    {c.kind === 'money' ? formatMoney(r[c.key] as string | null, locale) : (r[c.key] ?? '—')}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length} sx={{ textAlign: 'center', color: 'text.secondary' }}>
                  {empty}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
          {totals.length > 0 && shown.length > 0 && (
            <TableFooter>
              <TableRow>
                {columns.map((c, i) => {
                  const total = totals.find(([k]) => k === c.key);
                  return (
                    <TableCell key={c.key} align={total ? 'right' : 'left'} sx={{ fontWeight: 600 }}>
                      {total
                        ? formatMoney(total[1], locale)
                        : i === 0
                          ? translate(locale, 'table.total', { count: shown.length })
                          : ''}
                    </TableCell>
                  );
                })}
              </TableRow>
            </TableFooter>
          )}
        </Table>
      </TableContainer>
    </>
  );
}
