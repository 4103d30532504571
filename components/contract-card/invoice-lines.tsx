import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { InvoiceDto } from '@/lib/billing/invoices';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';

/** The lines of one invoice, with its total: shared by the Invoices tab and the printable view. */
export function InvoiceLines({ invoice, t, locale }: { invoice: InvoiceDto; t: Translate; locale: Locale }) {
  return (
    <TableContainer>
      <Table size="small" aria-label={t('inv.title', { number: invoice.number })}>
        <TableHead>
          <TableRow>
            <TableCell>{t('inv.description')}</TableCell>
            <TableCell>{t('lines.period')}</TableCell>
            <TableCell align="right">{t('lines.amount')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {invoice.lines.map((l) => (
            <TableRow key={l.id}>
              <TableCell>{l.description}</TableCell>
              <TableCell>
                {formatDate(l.periodFrom, locale)} – {formatDate(l.periodTo, locale)}
              </TableCell>
              <TableCell align="right">{formatAmount(l.amount, locale, currencyCode())}</TableCell>
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow>
            <TableCell colSpan={2} sx={{ fontWeight: 700 }}>
              {t('table.total', { count: invoice.lines.length })}
            </TableCell>
            <TableCell align="right" sx={{ fontWeight: 700 }}>
              {formatAmount(invoice.total, locale, currencyCode())}
            </TableCell>
          </TableRow>
        </TableFooter>
      </Table>
    </TableContainer>
  );
}
