'use client';
import LinearProgress from '@mui/material/LinearProgress';
import { type ReactNode, useTransition } from 'react';
import { useI18n } from './i18n';
import { UrlPendingContext, UrlTransitionContext } from './url-state';

/**
 * Sorting, paging and filtering a search is a navigation that waits for the server (sorting 100 rows
 * took 1.7 s with no sign of life, issue 15). Every URL-state change runs in this one transition, and
 * while it is pending a thin bar runs along the top of the window.
 */
export function UrlTransition({ children }: { children: ReactNode }) {
  const [pending, startTransition] = useTransition();
  const { t } = useI18n();
  return (
    <UrlTransitionContext.Provider value={startTransition}>
      {pending && (
        <LinearProgress
          aria-label={t('search.loading')}
          data-testid="url-loading"
          sx={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: (theme) => theme.zIndex.appBar + 2 }}
        />
      )}
      <UrlPendingContext.Provider value={pending}>{children}</UrlPendingContext.Provider>
    </UrlTransitionContext.Provider>
  );
}
