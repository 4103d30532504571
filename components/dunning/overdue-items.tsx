import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AppLink } from '@/components/links';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { overdueItems } from '@/lib/dunning/queries';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { currencyCode } from '@/lib/money';

/** The portal's overdue items (issue 14): what is past due, and how to pay it (amount, reference). */
export async function OverdueItems({
  actor,
  policyHolderId,
  t,
  locale,
}: {
  actor: Actor;
  policyHolderId: string;
  t: Translate;
  locale: Locale;
}) {
  const { items, total } = await overdueItems(getDb(), actor, policyHolderId);
  const currency = currencyCode();
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-labelledby="overdue-title">
      <Typography variant="h6" component="h2" id="overdue-title">
        {t('dun.portalTitle')}
      </Typography>
      {items.length === 0 ? (
        <Typography color="text.secondary">{t('dun.portalNone')}</Typography>
      ) : (
        <>
          <Alert severity="warning" sx={{ my: 1 }}>
            {t('dun.portalHow', { amount: formatAmount(total, locale, currency) })}
          </Alert>
          <TableContainer>
            <Table size="small" aria-label={t('dun.portalTitle')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('dun.contract')}</TableCell>
                  <TableCell>{t('dun.portalInvoice')}</TableCell>
                  <TableCell>{t('dun.portalPeriod')}</TableCell>
                  <TableCell>{t('dun.portalDue')}</TableCell>
                  <TableCell align="right">{t('dun.portalOpen')}</TableCell>
                  <TableCell>{t('dun.portalReference')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={i.installmentId}>
                    <TableCell>
                      <AppLink href={`/portal/contracts/${i.contractId}?tab=payments`}>
                        {i.contractCode}
                      </AppLink>
                    </TableCell>
                    <TableCell>{i.invoiceNumber ?? '—'}</TableCell>
                    <TableCell>
                      {formatDate(i.periodFrom, locale)} – {formatDate(i.periodTo, locale)}
                    </TableCell>
                    <TableCell>{formatDate(i.dueDate, locale)}</TableCell>
                    <TableCell align="right">{formatAmount(i.open, locale, currency)}</TableCell>
                    <TableCell>
                      <strong>{i.paymentReference}</strong>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </Paper>
  );
}
