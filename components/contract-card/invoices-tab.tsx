import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { AppLink } from '@/components/links';
import type { InvoiceDto } from '@/lib/billing/invoices';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';
import { InvoiceLines } from './invoice-lines';

export function InvoicesTab({
  contractId,
  invoices,
  t,
  locale,
  basePath = '/contracts',
}: {
  basePath?: string;
  contractId: string;
  invoices: InvoiceDto[];
  t: Translate;
  locale: Locale;
}) {
  if (!invoices.length) return <Typography color="text.secondary">{t('inv.none')}</Typography>;
  return (
    <Stack spacing={3}>
      {invoices.map((inv) => (
        <div key={inv.id}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline' }}>
            <Typography variant="h6" component="h3">
              {inv.number}
            </Typography>
            <Typography color="text.secondary">
              {t('inv.summary', {
                issued: formatDate(inv.dateIssued, locale),
                from: formatDate(inv.periodFrom, locale),
                to: formatDate(inv.periodTo, locale),
                total: formatAmount(inv.total, locale, currencyCode()),
              })}
            </Typography>
            <AppLink href={`${basePath}/${contractId}/invoices/${inv.id}`} target="_blank">
              {t('inv.print')}
            </AppLink>
          </Stack>
          <InvoiceLines invoice={inv} t={t} locale={locale} />
        </div>
      ))}
    </Stack>
  );
}
