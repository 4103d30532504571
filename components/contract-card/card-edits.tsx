'use client';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ActionName } from './contract-actions';

export type SaveResult = { ok: true; version: number } | { ok: false };

type CardEdits = {
  /** The header form holds changes not saved yet. */
  headerDirty: boolean;
  setHeaderDirty: (dirty: boolean) => void;
  /** Saves the header form's changes (the form registers how); resolves with the new version. */
  saveHeader: () => Promise<SaveResult>;
  registerHeaderSave: (save: (() => Promise<SaveResult>) | null) => void;
  /** Opens the confirmation of an action of the toolbar (the next-step banner's buttons use it). */
  openAction: (action: ActionName) => void;
  registerOpenAction: (open: ((action: ActionName) => void) | null) => void;
};

const CardEditsContext = createContext<CardEdits | null>(null);

/**
 * What the pieces of one contract card share on the client: the header form's unsaved changes, so an
 * action (Submit, Approve…) saves them first instead of silently acting on the saved values, and the
 * toolbar's dialogs, so the next-step banner can offer the same actions.
 */
export function CardEditsProvider({ children }: { children: ReactNode }) {
  const [headerDirty, setHeaderDirty] = useState(false);
  const save = useRef<(() => Promise<SaveResult>) | null>(null);
  const open = useRef<((action: ActionName) => void) | null>(null);
  const saveHeader = useCallback(
    async (): Promise<SaveResult> => (save.current ? save.current() : { ok: false }),
    [],
  );
  const value = useMemo<CardEdits>(
    () => ({
      headerDirty,
      setHeaderDirty,
      saveHeader,
      registerHeaderSave: (fn) => {
        save.current = fn;
      },
      openAction: (a) => open.current?.(a),
      registerOpenAction: (fn) => {
        open.current = fn;
      },
    }),
    [headerDirty, saveHeader],
  );
  return <CardEditsContext.Provider value={value}>{children}</CardEditsContext.Provider>;
}

/** The card's shared state; null outside a contract card (the "new contract" page). */
export function useCardEdits() {
  return useContext(CardEditsContext);
}
