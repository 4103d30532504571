'use client';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import NextLink from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { deleteContractAction } from '@/components/contract-card/actions';
import { useI18n } from '@/components/i18n';
import { NothingOnPageRow } from '@/components/past-end-row';
import { SortHeader } from '@/components/sort-header';
import { StateChip } from '@/components/state-chip';
import { UrlPagination } from '@/components/url-pagination';
import type { BulkOp } from '@/lib/contracts/bulk';
import type { ContractDto } from '@/lib/contracts/contracts';
import { formatDate, formatMoney } from '@/lib/format';
import { BulkMenu } from './bulk-menu';

const DELETABLE = [1, 2, 4, 11];

export function ContractTable({
  items,
  total,
  totalExact = true,
  page,
  pageSize,
  sort,
  dir,
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
  filter: Record<string, string>;
  canDelete: boolean;
  canEdit: boolean;
  bulkOps: BulkOp[];
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deleting, setDeleting] = useState<ContractDto | null>(null);
  const selectable = items.filter((c) => !c.isDeleted);
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const { t, locale } = useI18n();
  const allChecked = selectable.length > 0 && selectable.every((c) => selected.has(c.id));
  const header = (field: string, label: string, align?: 'right') => (
    <SortHeader field={field} label={label} sort={sort} dir={dir} align={align} />
  );
  return (
    <Paper variant="outlined">
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', px: 2, pt: 1 }}>
        <Typography role="status">
          {!totalExact
            ? t('contracts.foundMore', { count: (total - 1).toLocaleString(locale) })
            : t('contracts.found', { count: total })}
          {selected.size ? ` · ${t('contracts.selected', { count: selected.size })}` : ''}
        </Typography>
        {bulkOps.length > 0 && (
          <BulkMenu
            selected={items.filter((c) => selected.has(c.id)).map((c) => ({ id: c.id, state: c.state }))}
            total={total}
            filter={filter}
            allowed={bulkOps}
            codes={Object.fromEntries(items.map((c) => [c.id, c.code]))}
          />
        )}
      </Stack>
      <TableContainer>
        <Table size="small" aria-label="Contracts">
          <TableHead>
            <TableRow>
              {bulkOps.length > 0 && (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={allChecked}
                    indeterminate={selected.size > 0 && !allChecked}
                    onChange={() =>
                      setSelected(allChecked ? new Set() : new Set(selectable.map((c) => c.id)))
                    }
                    slotProps={{ input: { 'aria-label': 'Select all contracts on this page' } }}
                  />
                </TableCell>
              )}
              {header('code', t('col.code'))}
              {header('policyHolder', t('col.policyHolder'))}
              {header('state', t('col.state'))}
              {header('amount', t('col.amount'), 'right')}
              {header('datePaymentDue', t('col.paymentDue'))}
              {header('dateValidFrom', t('col.validFrom'))}
              {header('dateValidTo', t('col.validTo'))}
              {header('amendment', t('col.amendment'), 'right')}
              <TableCell align="right">{t('col.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((c) => (
              <TableRow
                key={c.id}
                hover={!c.isDeleted}
                selected={selected.has(c.id)}
                onDoubleClick={() => !c.isDeleted && router.push(`/contracts/${c.id}`)}
                sx={c.isDeleted ? { opacity: 0.5 } : undefined}
              >
                {bulkOps.length > 0 && (
                  <TableCell padding="checkbox">
                    {!c.isDeleted && (
                      <Checkbox
                        checked={selected.has(c.id)}
                        onChange={() => toggle(c.id)}
                        slotProps={{ input: { 'aria-label': `Select ${c.code}` } }}
                      />
                    )}
                  </TableCell>
                )}
                <TableCell>
                  {c.isDeleted ? (
                    t('table.deleted', { code: c.code })
                  ) : (
                    <Link component={NextLink} href={`/contracts/${c.id}`}>
                      {c.code}
                    </Link>
                  )}
                </TableCell>
                <TableCell>{c.policyHolderCode ?? '—'}</TableCell>
                <TableCell>
                  <StateChip state={c.state} locale={locale} />
                </TableCell>
                <TableCell align="right">
                  <Tooltip
                    title={t('table.amounts', {
                      notified: formatMoney(c.amountNotified, locale),
                      rectified: formatMoney(c.amountRectified, locale),
                      due: formatMoney(c.amountDue, locale),
                    })}
                  >
                    <span>{formatMoney(c.amountDue ?? c.amountRectified ?? c.amountNotified, locale)}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>
                  <Tooltip
                    title={
                      c.paymentReference
                        ? t('table.paymentReference', { reference: c.paymentReference })
                        : t('table.noPaymentReference')
                    }
                  >
                    <span>{formatDate(c.datePaymentDue, locale)}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>{formatDate(c.dateValidFrom, locale)}</TableCell>
                <TableCell>{formatDate(c.dateValidTo, locale)}</TableCell>
                <TableCell align="right">{c.amendment}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {!c.isDeleted && canEdit && [1, 2, 4, 11].includes(c.state) && (
                    <IconButton
                      aria-label={`Edit ${c.code}`}
                      component={NextLink}
                      href={`/contracts/${c.id}`}
                    >
                      <EditIcon fontSize="small" />
                    </IconButton>
                  )}
                  {!c.isDeleted && canDelete && DELETABLE.includes(c.state) && (
                    <IconButton aria-label={`Delete ${c.code}`} onClick={() => setDeleting(c)}>
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {items.length === 0 && (
              <NothingOnPageRow
                colSpan={10}
                total={total}
                page={page}
                pageSize={pageSize}
                empty={t('contracts.none')}
                pastEnd={(pages) => t('contracts.pastEnd', { page, count: total, pages })}
              />
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <UrlPagination total={total} page={page} pageSize={pageSize} />
      <ConfirmDialog
        open={!!deleting}
        title="Delete contract"
        message={deleting ? `Delete contract ${deleting.code}? It will only appear with "Show deleted".` : ''}
        confirmLabel="Delete"
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
