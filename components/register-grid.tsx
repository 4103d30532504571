'use client';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { DataGrid, type GridColDef, GridOverlay, type GridOverlayProps } from '@mui/x-data-grid';
import { frFR } from '@mui/x-data-grid/locales';
import { type ReactNode, useMemo } from 'react';
import { SearchGridToolbar } from './grid-toolbar';
import { useI18n } from './i18n';
import { AppLink } from './links';
import { useUrlPending, useUrlState } from './url-state';

/** A cell as the server page computed it: text, or text that links to a page. Nothing else crosses over. */
export type RegisterCell = string | { text: string; href: string };
/**
 * `sort` names the server's sort key for this column; a column without one is not sortable. A column with
 * a `width` keeps it (dates, periods, amounts: never cut), the others share what is left (`minWidth` the
 * least they take): the registers fit at 1280 px without a sideways scroll and scroll inside their frame
 * on a phone.
 */
export type RegisterColumn = {
  label: string;
  align?: 'right';
  sort?: string;
  width?: number;
  minWidth?: number;
};
export type RegisterRow = { id: string; cells: RegisterCell[] };

declare module '@mui/x-data-grid' {
  interface NoRowsOverlayPropsOverrides {
    message?: ReactNode;
  }
  interface NoResultsOverlayPropsOverrides {
    message?: ReactNode;
  }
}

export const PAGE_SIZES = [10, 20, 50, 100];

/**
 * What every grid on a server-rendered list shares (the registers and the contract search): the server
 * sorts, pages and filters; at most 100 rows a page, all of them in the DOM (find in page, print, the
 * browser journeys).
 */
export const SERVER_GRID = {
  paginationMode: 'server',
  sortingMode: 'server',
  filterMode: 'server',
  disableColumnFilter: true,
  disableRowSelectionOnClick: true,
  disableVirtualization: true,
  autoHeight: true,
  density: 'compact',
  showToolbar: true,
} as const;
const text = (c: RegisterCell | undefined) => (c === undefined ? '' : typeof c === 'string' ? c : c.text);

/** The grid's "no rows" overlay with the page's own words (nothing matches, or a page past the end). */
export function NothingOverlay({ message, ...rest }: GridOverlayProps & { message?: ReactNode }) {
  return (
    <GridOverlay {...rest}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', px: 2, textAlign: 'center' }}>
        {message}
      </Stack>
    </GridOverlay>
  );
}

/**
 * The registers' table on the MUI X Data Grid (community). The server stays the source of the data and
 * the URL the source of its state: sorting and paging are server-side (`sortingMode`/`paginationMode`
 * "server"), a click on a header or on the pager only changes `sort`, `dir`, `page` and `pageSize` in the
 * URL, and the page renders the new rows. Its toolbar (grid-toolbar.tsx) adds the column chooser and the density.
 */
export function RegisterGrid({
  label,
  columns,
  rows,
  total,
  page,
  pageSize,
  empty,
}: {
  label: string;
  columns: RegisterColumn[];
  rows: RegisterRow[];
  total: number;
  page: number;
  pageSize: number;
  empty: string;
}) {
  const { locale, t } = useI18n();
  const { params, update } = useUrlState();
  const pending = useUrlPending();
  const sort = params.get('sort');
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const cols = useMemo<GridColDef<RegisterRow>[]>(
    () =>
      columns.map((c, i) => ({
        field: c.sort ?? `col${i}`,
        headerName: c.label,
        sortable: !!c.sort,
        align: c.align ?? 'left',
        headerAlign: c.align ?? 'left',
        ...(c.width
          ? { width: c.width }
          : { flex: 1, minWidth: c.minWidth ?? (c.align === 'right' ? 100 : 120) }),
        valueGetter: (_value, row) => text(row.cells[i]),
        renderCell: ({ row }) => {
          const cell = row.cells[i];
          return cell !== undefined && typeof cell !== 'string' ? (
            <AppLink href={cell.href}>{cell.text}</AppLink>
          ) : (
            text(cell)
          );
        },
      })),
    [columns],
  );
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const nothing =
    total === 0 ? (
      empty
    ) : (
      <>
        <span>{t('pager.pastEnd', { page, count: total, pages: lastPage })}</span>
        <Link component="button" onClick={() => update({ page: lastPage }, { resetPage: false })}>
          {t('contracts.lastPage')}
        </Link>
      </>
    );
  return (
    <DataGrid
      aria-label={label}
      rows={rows}
      columns={cols}
      rowCount={total}
      {...SERVER_GRID}
      // While the server renders the new sort or page, the grid says it is loading.
      loading={pending}
      pageSizeOptions={PAGE_SIZES}
      paginationModel={{ page: Math.min(page, lastPage) - 1, pageSize }}
      onPaginationModelChange={(m) => {
        if (m.pageSize !== pageSize) update({ pageSize: m.pageSize, page: null });
        else update({ page: m.page + 1 }, { resetPage: false });
      }}
      sortModel={sort ? [{ field: sort, sort: dir }] : []}
      onSortModelChange={(m) => update({ sort: m[0]?.field ?? null, dir: m[0]?.sort ?? null })}
      localeText={locale === 'fr' ? frFR.components.MuiDataGrid.defaultProps.localeText : undefined}
      // With rows elsewhere but none on this page (a page past the end), the grid shows its "no results"
      // overlay: both say the same, with the way back.
      slots={{ noRowsOverlay: NothingOverlay, noResultsOverlay: NothingOverlay, toolbar: SearchGridToolbar }}
      slotProps={{
        noRowsOverlay: { message: nothing },
        noResultsOverlay: { message: nothing },
        loadingOverlay: { variant: 'linear-progress', noRowsVariant: 'linear-progress' },
      }}
      sx={{ border: 0 }}
    />
  );
}
