'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { createContext, type TransitionStartFunction, useCallback, useContext } from 'react';

/**
 * The transition that URL changes run in (see UrlTransition in url-transition.tsx): while the server
 * renders the new sort, page or filter, the app shows a progress bar instead of sitting still.
 */
export const UrlTransitionContext = createContext<TransitionStartFunction>((run) => run());

/** True while a URL-state change (sort, page, filter) waits for the server: tables show their loading state. */
export const UrlPendingContext = createContext(false);

export function useUrlPending() {
  return useContext(UrlPendingContext);
}

/** Search, sort and page live in the URL, so every result list is a link that can be shared and reloaded. */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const startTransition = useContext(UrlTransitionContext);
  const update = useCallback(
    (changes: Record<string, string | number | null | undefined>, { resetPage = true } = {}) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === undefined || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      if (resetPage && !('page' in changes)) next.delete('page');
      const qs = next.toString();
      startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
    },
    [params, pathname, router, startTransition],
  );
  return { params, update };
}
