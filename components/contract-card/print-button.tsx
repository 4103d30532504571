'use client';
import PrintIcon from '@mui/icons-material/Print';
import Button from '@mui/material/Button';
import { useI18n } from '@/components/i18n';

export function PrintButton() {
  const { t } = useI18n();
  return (
    <Button
      className="no-print"
      startIcon={<PrintIcon />}
      sx={{ mt: 3 }}
      variant="outlined"
      onClick={() => window.print()}
    >
      {t('inv.printButton')}
    </Button>
  );
}
