'use client';
import PrintIcon from '@mui/icons-material/Print';
import Button from '@mui/material/Button';

export function PrintButton() {
  return (
    <Button
      className="no-print"
      startIcon={<PrintIcon />}
      sx={{ mt: 3 }}
      variant="outlined"
      onClick={() => window.print()}
    >
      Print
    </Button>
  );
}
