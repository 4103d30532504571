'use client';
import { createTheme } from '@mui/material/styles';
import type {} from '@mui/x-data-grid/themeAugmentation';

export const theme = createTheme({
  // CSS variables with a class selector: the colour scheme is switched without a re-render flash, and the
  // server HTML is the same for light and dark users.
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: { palette: { primary: { main: '#1d4e89' }, secondary: { main: '#00897b' } } },
    dark: { palette: { primary: { main: '#90caf9' }, secondary: { main: '#4db6ac' } } },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiButton: { defaultProps: { disableElevation: true } },
    // A grid whose columns fill its width exactly scrolled sideways: the last column's resize handle hung
    // 5 px past the right edge (the payment register at 1280 px), and its hidden column-menu button (a
    // zero-width box) 23 px (the receipts). The last column fills what is left, so it needs no handle;
    // the menu button shows as before on hover.
    MuiDataGrid: {
      styleOverrides: {
        root: {
          '& .MuiDataGrid-columnHeader--last .MuiDataGrid-columnSeparator': { display: 'none' },
          '& .MuiDataGrid-columnHeader--last .MuiDataGrid-menuIcon': { overflow: 'hidden' },
        },
      },
    },
  },
});

/*
 * Paper is white: printing in dark mode prints with the light scheme. The light scheme's variables are
 * declared again for the dark class under `@media print` (taken from the theme, so they never drift),
 * and the dark-only elevation overlays are switched off.
 */
function lightVariablesForPrint(): Record<string, string | number> {
  // Present on a theme built with `cssVariables` (not in the public `Theme` type).
  const build = (theme as unknown as { generateStyleSheets: () => unknown[] }).generateStyleSheets;
  const sheets = build() as Record<string, Record<string, string | number>>[];
  const light = sheets.map((s) => Object.entries(s)[0]).find((e) => e?.[0].includes('.light'))?.[1] ?? {};
  const dark = sheets.map((s) => Object.entries(s)[0]).find((e) => e?.[0].includes('.dark'))?.[1] ?? {};
  const overlays = Object.keys(dark).filter((k) => k.startsWith('--mui-overlays-'));
  return { ...light, ...Object.fromEntries(overlays.map((k) => [k, 'none'])) };
}
export const printStyles = { '@media print': { '.dark': lightVariablesForPrint() } };
