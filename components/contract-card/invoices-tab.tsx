import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AppLink } from '@/components/links';
import type { CreditNoteDto, InvoiceDto } from '@/lib/billing/invoices';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';
import { InvoiceLines } from './invoice-lines';

export function InvoicesTab({
  contractId,
  invoices,
  creditNotes = [],
  t,
  locale,
  basePath = '/contracts',
}: {
  basePath?: string;
  contractId: string;
  invoices: InvoiceDto[];
  creditNotes?: CreditNoteDto[];
  t: Translate;
  locale: Locale;
}) {
  if (!invoices.length) return <Typography color="text.secondary">{t('inv.none')}</Typography>;
  const cur = currencyCode();
  return (
    <Stack spacing={3}>
      {creditNotes.length > 0 && (
        <div>
          <Typography variant="h6" component="h3">
            {t('cn.title')}
          </Typography>
          <TableContainer>
            <Table size="small" aria-label={t('cn.title')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('reg.number')}</TableCell>
                  <TableCell>{t('reg.issued')}</TableCell>
                  <TableCell>{t('cn.invoice')}</TableCell>
                  <TableCell>{t('cn.reason')}</TableCell>
                  <TableCell align="right">{t('reg.total')}</TableCell>
                  <TableCell>{t('cn.pdf')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {creditNotes.map((n) => (
                  <TableRow key={n.id}>
                    <TableCell>{n.number}</TableCell>
                    <TableCell>{formatDate(n.dateIssued, locale)}</TableCell>
                    <TableCell>{n.invoiceNumber}</TableCell>
                    {/* i18n-plain: the reason a person typed */}
                    <TableCell>{n.reason}</TableCell>
                    <TableCell align="right">{formatAmount(n.total, locale, cur)}</TableCell>
                    <TableCell>
                      <AppLink href={`/api/documents/credit-note/${n.id}`} download>
                        {n.number}.pdf
                      </AppLink>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </div>
      )}
      {invoices.map((inv) => (
        <div key={inv.id}>
          {/* Wraps on a phone: number, state, summary and the two links do not fit 390 px on one line. */}
          <Stack
            direction="row"
            spacing={2}
            useFlexGap
            sx={{ alignItems: 'baseline', flexWrap: 'wrap', rowGap: 0.5 }}
          >
            <Typography variant="h6" component="h3">
              {inv.number}
            </Typography>
            <Chip size="small" variant="outlined" label={t(`inv.state.${inv.state}` as MessageKey)} />
            <Typography color="text.secondary">
              {t('inv.summary', {
                issued: formatDate(inv.dateIssued, locale),
                from: formatDate(inv.periodFrom, locale),
                to: formatDate(inv.periodTo, locale),
                total: formatAmount(inv.total, locale, cur),
              })}
              {inv.state !== 'cancelled' &&
                ` · ${t('inv.open', { open: formatAmount(inv.open, locale, cur) })}`}
            </Typography>
            <AppLink href={`${basePath}/${contractId}/invoices/${inv.id}`} target="_blank">
              {t('inv.print')}
            </AppLink>
            <AppLink href={`/api/documents/invoice/${inv.id}`} download>
              {t('inv.pdf', { number: inv.number })}
            </AppLink>
          </Stack>
          <InvoiceLines invoice={inv} t={t} locale={locale} />
        </div>
      ))}
    </Stack>
  );
}
