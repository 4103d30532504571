'use client';
import CssBaseline from '@mui/material/CssBaseline';
import GlobalStyles from '@mui/material/GlobalStyles';
import { ThemeProvider } from '@mui/material/styles';
import { type ReactNode, useEffect } from 'react';
import { printStyles, theme } from './theme';

export function Providers({ children }: { children: ReactNode }) {
  // Marks the page interactive once React has hydrated it; the browser journeys wait for this mark
  // before clicking, so a click can never land on server HTML that has no handlers yet.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline enableColorScheme />
      <GlobalStyles styles={printStyles} />
      {children}
    </ThemeProvider>
  );
}
