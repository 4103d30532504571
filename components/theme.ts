'use client';
import { createTheme } from '@mui/material/styles';

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
  },
});
