'use client';
import TableCell from '@mui/material/TableCell';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useUrlState } from './url-state';

/** A column header that sorts through the URL (`sort`, `dir`). */
export function SortHeader({
  field,
  label,
  sort,
  dir,
  align,
}: {
  field: string;
  label: string;
  sort: string;
  dir: 'asc' | 'desc';
  align?: 'left' | 'right';
}) {
  const { update } = useUrlState();
  const active = sort === field;
  return (
    <TableCell align={align} sortDirection={active ? dir : false}>
      <TableSortLabel
        active={active}
        direction={active ? dir : 'asc'}
        onClick={() => update({ sort: field, dir: active && dir === 'asc' ? 'desc' : 'asc' })}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
}
