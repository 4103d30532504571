import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ComponentProps, ReactNode } from 'react';
import { ExportButtons } from '@/components/export-buttons';
import { PageHeader } from '@/components/page-header';
import { NothingOnPageRow } from '@/components/past-end-row';
import { RegisterLinks } from '@/components/register-links';
import { UrlPagination } from '@/components/url-pagination';
import { UrlSearchBar } from '@/components/url-search-bar';
import type { Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { translateServerMessage } from '@/lib/i18n/server-messages';

export type RegisterColumn = { label: string; align?: 'right' };

/**
 * The frame every billing register shares: title and count, the registers' links, the search bar (with
 * its selects), the refusal of a bad search, the table with its header, the rows the page gives, the
 * "nothing here" row, and the pager. The page only says what its columns and rows are.
 */
export function RegisterFrame({
  title,
  subtitle,
  current,
  searchLabel,
  selects,
  error,
  columns,
  result,
  empty,
  t,
  locale,
  exportFrom,
  children,
}: {
  title: string;
  subtitle: string;
  current: ComponentProps<typeof RegisterLinks>['current'];
  searchLabel: string;
  selects?: ComponentProps<typeof UrlSearchBar>['selects'];
  error: string | null | undefined;
  columns: RegisterColumn[];
  result: { items: unknown[]; total: number; page: number; pageSize: number };
  empty: string;
  t: Translate;
  locale: Locale;
  /** The export route and the page's URL search: Export CSV / Export Excel of the whole search. */
  exportFrom?: { base: string; params: Record<string, string | string[] | undefined> };
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={exportFrom && <ExportButtons base={exportFrom.base} params={exportFrom.params} t={t} />}
      />
      <RegisterLinks current={current} t={t} />
      <UrlSearchBar label={searchLabel} selects={selects} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translateServerMessage(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                {columns.map((c) => (
                  <TableCell key={c.label} align={c.align}>
                    {c.label}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {children}
              {result.items.length === 0 && (
                <NothingOnPageRow
                  colSpan={columns.length}
                  total={result.total}
                  page={result.page}
                  pageSize={result.pageSize}
                  empty={empty}
                />
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
