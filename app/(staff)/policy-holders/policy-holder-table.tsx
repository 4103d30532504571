'use client';
import Checkbox from '@mui/material/Checkbox';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import NextLink from 'next/link';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { NothingOnPageRow } from '@/components/past-end-row';
import { SortHeader } from '@/components/sort-header';
import { UrlPagination } from '@/components/url-pagination';
import { formatDate } from '@/lib/format';
import type { PolicyHolderDto } from '@/lib/policy-holders/policy-holders';
import { PolicyHolderMenu } from './policy-holder-menu';

export function PolicyHolderTable({
  items,
  total,
  page,
  pageSize,
  sort,
  dir,
  q,
  canGenerate,
  canInvoice,
}: {
  items: PolicyHolderDto[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  dir: 'asc' | 'desc';
  q: string;
  canGenerate: boolean;
  canInvoice: boolean;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const selectable = canGenerate || canInvoice;
  const { t, locale } = useI18n();
  const all = items.length > 0 && items.every((p) => selected.has(p.id));
  return (
    <Paper variant="outlined">
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', px: 2, pt: 1 }}>
        <Typography role="status">
          {t('ph.found', { count: total })}
          {selected.size ? ` · ${t('ph.selected', { count: selected.size })}` : ''}
        </Typography>
        <PolicyHolderMenu
          selectedIds={[...selected]}
          total={total}
          q={q}
          canGenerate={canGenerate}
          canInvoice={canInvoice}
        />
      </Stack>
      <TableContainer>
        <Table size="small" aria-label="Policy holders">
          <TableHead>
            <TableRow>
              {selectable && (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={all}
                    indeterminate={selected.size > 0 && !all}
                    onChange={() => setSelected(all ? new Set() : new Set(items.map((p) => p.id)))}
                    slotProps={{ input: { 'aria-label': t('ph.selectAll') } }}
                  />
                </TableCell>
              )}
              <SortHeader field="code" label={t('ph.code')} sort={sort} dir={dir} />
              <SortHeader field="tradeName" label={t('ph.tradeName')} sort={sort} dir={dir} />
              <TableCell>{t('ph.contact')}</TableCell>
              <TableCell>{t('ph.email')}</TableCell>
              <TableCell>{t('ph.language')}</TableCell>
              <SortHeader field="dateValidFrom" label={t('ph.validFrom')} sort={sort} dir={dir} />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((ph) => (
              <TableRow key={ph.id} hover selected={selected.has(ph.id)}>
                {selectable && (
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={selected.has(ph.id)}
                      onChange={() =>
                        setSelected((s) => {
                          const n = new Set(s);
                          if (n.has(ph.id)) n.delete(ph.id);
                          else n.add(ph.id);
                          return n;
                        })
                      }
                      slotProps={{ input: { 'aria-label': t('ph.select', { code: ph.code }) } }}
                    />
                  </TableCell>
                )}
                <TableCell>
                  <Link component={NextLink} href={`/policy-holders/${ph.id}`}>
                    {ph.code}
                  </Link>
                </TableCell>
                <TableCell>{ph.tradeName}</TableCell>
                <TableCell>{ph.contactName ?? '—'}</TableCell>
                <TableCell>{ph.email ?? '—'}</TableCell>
                <TableCell>{ph.language === 'fr' ? t('ph.french') : t('ph.english')}</TableCell>
                <TableCell>{formatDate(ph.dateValidFrom, locale)}</TableCell>
              </TableRow>
            ))}
            {items.length === 0 && (
              <NothingOnPageRow
                colSpan={7}
                total={total}
                page={page}
                pageSize={pageSize}
                empty={t('ph.none')}
              />
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <UrlPagination total={total} page={page} pageSize={pageSize} />
    </Paper>
  );
}
