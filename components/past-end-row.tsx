'use client';
import Link from '@mui/material/Link';
import type { ReactNode } from 'react';
import { EmptyRow } from './empty-row';
import { useI18n } from './i18n';
import { useUrlState } from './url-state';

/**
 * The row of a paged table with nothing on this page: "nothing matches" when the search is empty, and
 * when the page is past the end (an old link, fewer results since), says so with the way back, rather
 * than "305 found" beside "No … matches".
 */
export function NothingOnPageRow({
  colSpan,
  total,
  page,
  pageSize,
  empty,
  pastEnd,
}: {
  colSpan: number;
  total: number;
  page: number;
  pageSize: number;
  /** What to say when the search matches nothing. */
  empty: ReactNode;
  /** What to say past the end (default: the generic pager text). */
  pastEnd?: (lastPage: number) => ReactNode;
}) {
  const { t } = useI18n();
  const { update } = useUrlState();
  if (total === 0) return <EmptyRow colSpan={colSpan}>{empty}</EmptyRow>;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  return (
    <EmptyRow colSpan={colSpan}>
      {pastEnd ? pastEnd(lastPage) : t('pager.pastEnd', { page, count: total, pages: lastPage })}{' '}
      <Link component="button" onClick={() => update({ page: lastPage }, { resetPage: false })}>
        {t('contracts.lastPage')}
      </Link>
    </EmptyRow>
  );
}
