'use client';
import TablePagination from '@mui/material/TablePagination';
import { useI18n } from './i18n';
import { useUrlState } from './url-state';

export function UrlPagination({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const { update } = useUrlState();
  const { t } = useI18n();
  return (
    <TablePagination
      component="div"
      count={total}
      page={Math.max(0, page - 1)}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[10, 20, 50, 100]}
      labelRowsPerPage={t('pager.rowsPerPage')}
      labelDisplayedRows={({ from, to, count }) => t('pager.displayed', { from, to, count })}
      onPageChange={(_, p) => update({ page: p + 1 }, { resetPage: false })}
      onRowsPerPageChange={(e) => update({ pageSize: e.target.value, page: null })}
    />
  );
}
