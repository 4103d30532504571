'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import NextLink from 'next/link';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import { useI18n } from './i18n';

/**
 * One pattern for the feedback of every action (issue 15): a snackbar at the bottom of the screen.
 * Success says what was done, with a link to what it made or an Undo where one makes sense, and goes
 * away after a few seconds; a failure gives the reason and stays until closed. It lives in the root
 * layout, so it survives the navigation an action starts (amend → the new amendment's card).
 * A failure inside a dialog stays in the dialog too, beside what the user can correct.
 */
export type Feedback = {
  severity: 'success' | 'error' | 'info' | 'warning';
  message: string;
  /** A link to what the action made (the invoice, the amendment) … */
  link?: { href: string; label: string };
  /** … or a way back (undo), run on click. */
  undo?: () => void | Promise<void>;
};

type Notify = (f: Feedback) => void;
const FeedbackContext = createContext<Notify>(() => {});

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState<(Feedback & { key: number }) | null>(null);
  const [open, setOpen] = useState(false);
  const notify = useCallback<Notify>((f) => {
    setCurrent({ ...f, key: Date.now() });
    setOpen(true);
  }, []);
  const close = () => setOpen(false);
  const failure = current?.severity === 'error';
  return (
    <FeedbackContext.Provider value={notify}>
      {children}
      <Snackbar
        key={current?.key}
        open={open}
        onClose={(_, reason) => {
          // A click elsewhere does not dismiss a failure before it is read.
          if (reason === 'clickaway') return;
          close();
        }}
        autoHideDuration={failure ? null : 6000}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {current ? (
          <Alert
            severity={current.severity}
            variant="filled"
            onClose={close}
            slotProps={{ closeButton: { title: t('snack.close'), 'aria-label': t('snack.close') } }}
            // Errors interrupt (role=alert); the rest is announced politely.
            role={failure ? 'alert' : 'status'}
            data-testid="feedback"
            sx={{ width: '100%', alignItems: 'center' }}
            action={
              current.link ? (
                <Button
                  color="inherit"
                  size="small"
                  component={NextLink}
                  href={current.link.href}
                  onClick={close}
                >
                  {current.link.label}
                </Button>
              ) : current.undo ? (
                <Button
                  color="inherit"
                  size="small"
                  onClick={async () => {
                    close();
                    await current.undo?.();
                  }}
                >
                  {t('snack.undo')}
                </Button>
              ) : undefined
            }
          >
            {/* i18n-plain: each caller hands a text already in the reader's language */}
            {current.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </FeedbackContext.Provider>
  );
}

/** `notify({ severity, message, link?, undo? })` from any client component. */
export function useFeedback(): Notify {
  return useContext(FeedbackContext);
}
