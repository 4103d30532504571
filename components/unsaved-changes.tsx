'use client';
import { useEffect, useId } from 'react';
import { useI18n } from './i18n';

/*
 * Typed data must never be lost silently: while a form holds unsaved changes, closing or reloading the
 * tab asks the browser's own question (beforeunload), and following a link inside the app asks ours.
 * One listener pair serves every dirty form on the page (a registry of their ids), so two dirty forms
 * ask once. Client-side navigation in Next.js starts from an <a> click (next/link, tabs, menus), so a
 * capturing click listener on the document sees it before React and Next's own handlers do.
 */
const dirtyForms = new Set<string>();
let message = 'You have unsaved changes. Leave this page and lose them?';

function onBeforeUnload(e: BeforeUnloadEvent) {
  e.preventDefault();
  // Older Chromium needs returnValue set to show the prompt.
  e.returnValue = '';
}

function onClick(e: MouseEvent) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const anchor = (e.target as Element | null)?.closest?.('a[href]');
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank' || anchor.hasAttribute('download'))
    return;
  const to = new URL(anchor.href, window.location.href);
  const here = window.location;
  if (to.origin !== here.origin) return; // another site: beforeunload asks
  if (to.pathname === here.pathname && to.search === here.search) return; // same page (an anchor #...)
  if (!window.confirm(message)) {
    e.preventDefault();
    e.stopPropagation();
  }
}

function sync() {
  if (dirtyForms.size) {
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
  } else {
    window.removeEventListener('beforeunload', onBeforeUnload);
    document.removeEventListener('click', onClick, true);
  }
}

/** Warns before the page is left while `dirty` is true (reload, close, a link inside the app). */
export function useUnsavedChangesGuard(dirty: boolean) {
  const id = useId();
  const { t } = useI18n();
  message = t('unsaved.leave');
  useEffect(() => {
    if (!dirty) return;
    dirtyForms.add(id);
    sync();
    return () => {
      dirtyForms.delete(id);
      sync();
    };
  }, [dirty, id]);
}
