'use client';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  DataGrid,
  type GridColDef,
  type GridRowSelectionModel,
  type GridSlotProps,
  useGridApiContext,
  useGridRootProps,
} from '@mui/x-data-grid';
import { frFR } from '@mui/x-data-grid/locales';
import NextLink from 'next/link';
import { useRouter } from 'next/navigation';
import { forwardRef, useMemo, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { deleteContractAction } from '@/components/contract-card/actions';
import { SearchGridToolbar } from '@/components/grid-toolbar';
import { useI18n } from '@/components/i18n';
import { NothingOverlay, PAGE_SIZES, SERVER_GRID } from '@/components/register-grid';
import { StateChip } from '@/components/state-chip';
import { useUrlPending, useUrlState } from '@/components/url-state';
import type { BulkOp } from '@/lib/contracts/bulk';
import type { ContractDto } from '@/lib/contracts/contracts';
import { formatAmount, formatDate } from '@/lib/format';
import { BulkMenu } from './bulk-menu';

/** The states in which a contract can still be edited, and deleted (the service checks it again). */
const EDITABLE = [1, 2, 4, 11];
/**
 * Dates and amounts keep their width (a date is never cut), the text columns share the rest: at 1280 px
 * beside the side menu every column fits; narrower, the grid scrolls inside its frame.
 */
const DATE_WIDTH = 108;
const NO_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** A row's checkbox named after its contract ("Select ACME-001"), not the grid's "Select row". */
const ContractRowCheckbox = forwardRef<HTMLButtonElement, GridSlotProps['rowCheckbox']>(
  function ContractRowCheckbox({ rowId, material, slotProps, ...rest }, ref) {
    const apiRef = useGridApiContext();
    const rootProps = useGridRootProps();
    const { t } = useI18n();
    const code = (apiRef.current.getRow(rowId) as ContractDto | null)?.code;
    const Base = rootProps.slots.baseCheckbox;
    return (
      <Base
        {...rootProps.slotProps?.baseCheckbox}
        {...rest}
        material={material}
        ref={ref}
        slotProps={{
          ...slotProps,
          htmlInput: {
            ...slotProps?.htmlInput,
            ...(code ? { 'aria-label': t('contracts.selectRow', { code }) } : {}),
          },
        }}
      />
    );
  },
);

/**
 * The contract search's results on the MUI X Data Grid (community). As on the registers, the server
 * sorts and pages (`sortingMode`/`paginationMode` "server") and the URL holds the state: a header click
 * or the pager only changes `sort`, `dir`, `page`, `pageSize`. The count is bounded (COUNT_LIMIT): past
 * it the pager says "more than" and still pages. The toolbar's export is the server's export of the whole
 * search. Rows selected feed the bulk menu and never survive a new page or search.
 */
export function ContractTable({
  items,
  total,
  totalExact = true,
  page,
  pageSize,
  sort,
  dir,
  sorted,
  filter,
  canDelete,
  canEdit,
  bulkOps,
}: {
  items: ContractDto[];
  total: number;
  /** False when the count stopped at its limit: "more than". */
  totalExact?: boolean;
  page: number;
  pageSize: number;
  sort: string;
  dir: 'asc' | 'desc';
  /** Whether the URL names a sort (otherwise the default order, which no header shows). */
  sorted: boolean;
  filter: Record<string, string>;
  canDelete: boolean;
  canEdit: boolean;
  bulkOps: BulkOp[];
}) {
  const router = useRouter();
  const { t, locale } = useI18n();
  const { update } = useUrlState();
  const pending = useUrlPending();
  const [deleting, setDeleting] = useState<ContractDto | null>(null);
  // The selection belongs to one page of one search: a new page, sort or filter starts empty (a bulk
  // action must not act on rows no longer in sight).
  const searchKey = JSON.stringify([filter, page, pageSize, sort, dir]);
  const [selection, setSelection] = useState({ key: searchKey, model: NO_SELECTION });
  const model = selection.key === searchKey ? selection.model : NO_SELECTION;
  const selected = items.filter(
    (c) => !c.isDeleted && (model.type === 'include' ? model.ids.has(c.id) : !model.ids.has(c.id)),
  );
  const open = (c: ContractDto) => !c.isDeleted && router.push(`/contracts/${c.id}`);

  const columns = useMemo<GridColDef<ContractDto>[]>(
    () => [
      {
        field: 'code',
        headerName: t('col.code'),
        flex: 1,
        minWidth: 120,
        renderCell: ({ row }) =>
          row.isDeleted ? (
            t('table.deleted', { code: row.code })
          ) : (
            <Link component={NextLink} href={`/contracts/${row.id}`}>
              {row.code}
            </Link>
          ),
      },
      {
        field: 'policyHolder',
        headerName: t('col.policyHolder'),
        flex: 1,
        minWidth: 90,
        valueGetter: (_v, row) => row.policyHolderCode ?? '—',
      },
      {
        field: 'state',
        headerName: t('col.state'),
        flex: 1,
        minWidth: 120,
        renderCell: ({ row }) => <StateChip state={row.state} locale={locale} />,
      },
      {
        field: 'amount',
        headerName: t('col.amount'),
        align: 'right',
        headerAlign: 'right',
        width: 115,
        valueGetter: (_v, row) => row.amountDue ?? row.amountRectified ?? row.amountNotified,
        renderCell: ({ row, value }) => (
          <Tooltip
            title={t('table.amounts', {
              notified: formatAmount(row.amountNotified, locale, row.currency),
              rectified: formatAmount(row.amountRectified, locale, row.currency),
              due: formatAmount(row.amountDue, locale, row.currency),
            })}
          >
            <span>{formatAmount(value, locale, row.currency)}</span>
          </Tooltip>
        ),
      },
      {
        field: 'datePaymentDue',
        headerName: t('col.paymentDue'),
        width: DATE_WIDTH,
        renderCell: ({ row }) => (
          <Tooltip
            title={
              row.paymentReference
                ? t('table.paymentReference', { reference: row.paymentReference })
                : t('table.noPaymentReference')
            }
          >
            <span>{formatDate(row.datePaymentDue, locale)}</span>
          </Tooltip>
        ),
      },
      {
        field: 'dateValidFrom',
        headerName: t('col.validFrom'),
        width: DATE_WIDTH,
        valueFormatter: (v: string) => formatDate(v, locale),
      },
      {
        field: 'dateValidTo',
        headerName: t('col.validTo'),
        width: DATE_WIDTH,
        valueFormatter: (v: string) => formatDate(v, locale),
      },
      {
        field: 'amendment',
        headerName: t('col.amendment'),
        type: 'number',
        width: 80,
      },
      {
        field: 'actions',
        headerName: t('col.actions'),
        sortable: false,
        disableColumnMenu: true,
        align: 'right',
        headerAlign: 'right',
        width: 76,
        renderCell: ({ row }) =>
          row.isDeleted || !EDITABLE.includes(row.state) ? null : (
            <>
              {canEdit && (
                <IconButton
                  size="small"
                  aria-label={t('contracts.editRow', { code: row.code })}
                  component={NextLink}
                  href={`/contracts/${row.id}`}
                >
                  <EditIcon fontSize="small" />
                </IconButton>
              )}
              {canDelete && (
                <IconButton
                  size="small"
                  aria-label={t('contracts.deleteRow', { code: row.code })}
                  onClick={() => setDeleting(row)}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              )}
            </>
          ),
      },
    ],
    [t, locale, canEdit, canDelete],
  );

  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const nothing =
    total === 0 ? (
      t('contracts.none')
    ) : (
      <>
        <span>{t('contracts.pastEnd', { page, count: total, pages: lastPage })}</span>
        <Link component="button" onClick={() => update({ page: lastPage }, { resetPage: false })}>
          {t('contracts.lastPage')}
        </Link>
      </>
    );
  const limit = (total - 1).toLocaleString(locale);
  const exportLinks = {
    csv: `/contracts/export?${new URLSearchParams({ ...filter, format: 'csv' })}`,
    xlsx: `/contracts/export?${new URLSearchParams({ ...filter, format: 'xlsx' })}`,
  };
  return (
    <Paper variant="outlined" sx={{ minWidth: 0 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', px: 2, pt: 1 }}>
        <Typography role="status">
          {!totalExact ? t('contracts.foundMore', { count: limit }) : t('contracts.found', { count: total })}
          {selected.length ? ` · ${t('contracts.selected', { count: selected.length })}` : ''}
        </Typography>
        {bulkOps.length > 0 && (
          <BulkMenu
            selected={selected.map((c) => ({ id: c.id, state: c.state }))}
            total={total}
            filter={filter}
            allowed={bulkOps}
            codes={Object.fromEntries(items.map((c) => [c.id, c.code]))}
          />
        )}
      </Stack>
      <DataGrid
        aria-label={t('contracts.title')}
        rows={items}
        columns={columns}
        rowCount={total}
        {...SERVER_GRID}
        loading={pending}
        checkboxSelection={bulkOps.length > 0}
        isRowSelectable={({ row }) => !row.isDeleted}
        rowSelectionModel={model}
        onRowSelectionModelChange={(m) => setSelection({ key: searchKey, model: m })}
        getRowClassName={({ row }) => (row.isDeleted ? 'contract-deleted' : '')}
        onRowDoubleClick={({ row }) => open(row)}
        onCellKeyDown={(params, event) => {
          // Enter on a row opens its card (as a double click does), except on its checkbox and buttons.
          if (event.key !== 'Enter' || ['__check__', 'actions'].includes(params.field)) return;
          event.defaultMuiPrevented = true;
          open(params.row);
        }}
        pageSizeOptions={PAGE_SIZES}
        paginationModel={{ page: Math.min(page, lastPage) - 1, pageSize }}
        onPaginationModelChange={(m) => {
          if (m.pageSize !== pageSize) update({ pageSize: m.pageSize, page: null });
          else update({ page: m.page + 1 }, { resetPage: false });
        }}
        sortModel={sorted ? [{ field: sort, sort: dir }] : []}
        onSortModelChange={(m) => update({ sort: m[0]?.field ?? null, dir: m[0]?.sort ?? null })}
        localeText={{
          ...(locale === 'fr' ? frFR.components.MuiDataGrid.defaultProps.localeText : {}),
          paginationDisplayedRows: ({ from, to, count }) =>
            totalExact
              ? t('pager.displayed', { from, to, count: count.toLocaleString(locale) })
              : t('pager.displayedMore', { from, to, count: limit }),
        }}
        slots={{
          noRowsOverlay: NothingOverlay,
          noResultsOverlay: NothingOverlay,
          toolbar: SearchGridToolbar,
          rowCheckbox: ContractRowCheckbox,
        }}
        slotProps={{
          noRowsOverlay: { message: nothing },
          noResultsOverlay: { message: nothing },
          loadingOverlay: { variant: 'linear-progress', noRowsVariant: 'linear-progress' },
          toolbar: { exportLinks },
        }}
        sx={{
          border: 0,
          '& .contract-deleted': { color: 'text.secondary', bgcolor: 'action.hover' },
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        title={t('contracts.deleteTitle')}
        message={deleting ? t('contracts.deleteQuestion', { code: deleting.code }) : ''}
        confirmLabel={t('action.delete')}
        destructive
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return null;
          const r = await deleteContractAction({ id: deleting.id, version: deleting.version });
          if (!r.ok) return r.error;
          router.refresh();
          return null;
        }}
      />
    </Paper>
  );
}
