import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import type { ComponentProps } from 'react';
import { ExportButtons } from '@/components/export-buttons';
import { PageHeader } from '@/components/page-header';
import { type RegisterColumn, RegisterGrid, type RegisterRow } from '@/components/register-grid';
import { RegisterLinks } from '@/components/register-links';
import { UrlSearchBar } from '@/components/url-search-bar';
import type { Locale } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { Translate } from '@/lib/i18n/messages';

export type { RegisterCell, RegisterColumn, RegisterRow } from '@/components/register-grid';

/**
 * The frame every billing register shares: title and count, the registers' links, the search bar (with
 * its selects), the refusal of a bad search, and the table (a Data Grid sorted and paged by the server,
 * its state in the URL), with its "nothing here" text. The page only says what its columns and rows are.
 */
export function RegisterFrame({
  title,
  subtitle,
  current,
  searchLabel,
  selects,
  error,
  columns,
  rows,
  result,
  empty,
  t,
  locale,
  exportFrom,
}: {
  title: string;
  subtitle: string;
  current: ComponentProps<typeof RegisterLinks>['current'];
  searchLabel: string;
  selects?: ComponentProps<typeof UrlSearchBar>['selects'];
  error: string | null | undefined;
  columns: RegisterColumn[];
  /** The page's rows as plain cells (text, or text with a link), in the order of `columns`. */
  rows: RegisterRow[];
  result: { total: number; page: number; pageSize: number };
  empty: string;
  t: Translate;
  locale: Locale;
  /** The export route and the page's URL search: Export CSV / Export Excel of the whole search. */
  exportFrom?: { base: string; params: Record<string, string | string[] | undefined> };
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
          {localize(error, locale)}
        </Alert>
      )}
      <Paper variant="outlined">
        <RegisterGrid
          label={title}
          columns={columns}
          rows={rows}
          total={result.total}
          page={result.page}
          pageSize={result.pageSize}
          empty={empty}
        />
      </Paper>
    </>
  );
}
