import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { NamedDateInput } from '@/components/date-input';
import { EmptyRow } from '@/components/empty-row';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { StateChip } from '@/components/state-chip';
import { UrlPagination } from '@/components/url-pagination';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requirePortalPage } from '@/lib/auth/session';
import { searchContracts } from '@/lib/contracts/search';
import { STATES } from '@/lib/contracts/states';
import { ValidationError } from '@/lib/errors';
import { formatDate, formatMoney } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { getActingPolicyHolderId } from '@/lib/portal/acting-for';

export const metadata: Metadata = { title: 'Our contracts' };

const FILTERS = ['code', 'state', 'dateValidFrom', 'dateValidTo'] as const;

/** The policy holder's contracts: search by code, state and period (a plain GET form: the URL is the search). */
export default async function PortalHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePortalPage('portal.contract.read');
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const q = Object.fromEntries(
    [...FILTERS, 'page', 'pageSize'].flatMap((k) => {
      const v = raw[k];
      const s = Array.isArray(v) ? v[0] : v;
      return s ? [[k, s]] : [];
    }),
  ) as Record<string, string>;
  const policyHolderId = await getActingPolicyHolderId(actor);
  let error: string | null = null;
  const result = await searchContracts(getDb(), actor, {
    ...q,
    policyHolderId,
    sort: 'dateValidFrom',
    dir: 'desc',
  }).catch((e) => {
    if (!(e instanceof ValidationError)) throw e;
    error = e.keyedMessage;
    return { items: [], total: 0, page: 1, pageSize: 20 };
  });

  return (
    <>
      <PageHeader
        title={t('portal.welcome', { name: actor.name })}
        subtitle={t('portal.intro')}
        actions={
          can(actor, 'portal.contract.create') ? (
            <LinkButton variant="contained" startIcon={<AddIcon />} href="/portal/contracts/new">
              {t('portal.newContract')}
            </LinkButton>
          ) : undefined
        }
      />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Stack
          component="form"
          method="get"
          action="/portal"
          role="search"
          aria-label={t('filters.search')}
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
          sx={{ alignItems: { md: 'center' } }}
        >
          <TextField name="code" label={t('filters.code')} defaultValue={q.code ?? ''} size="small" />
          <TextField
            select
            name="state"
            label={t('filters.state')}
            defaultValue={q.state ?? ''}
            size="small"
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">{t('filters.anyState')}</MenuItem>
            {Object.entries(STATES).map(([code, s]) => (
              <MenuItem key={code} value={code}>
                {s[locale]}
              </MenuItem>
            ))}
          </TextField>
          <NamedDateInput
            name="dateValidFrom"
            label={t('filters.dateValidFrom')}
            defaultValue={q.dateValidFrom ?? ''}
            size="small"
          />
          <NamedDateInput
            name="dateValidTo"
            label={t('filters.dateValidTo')}
            defaultValue={q.dateValidTo ?? ''}
            size="small"
          />
          <Button type="submit" variant="contained" sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
            {t('common.search')}
          </Button>
          <LinkButton href="/portal" sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
            {t('common.reset')}
          </LinkButton>
        </Stack>
      </Paper>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      <Paper variant="outlined">
        <Typography role="status" sx={{ px: 2, pt: 1 }}>
          {t('contracts.found', { count: result.total })}
        </Typography>
        <TableContainer>
          <Table size="small" aria-label={t('portal.contracts')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('col.code')}</TableCell>
                <TableCell>{t('col.state')}</TableCell>
                <TableCell align="right">{t('col.amount')}</TableCell>
                <TableCell>{t('col.paymentDue')}</TableCell>
                <TableCell>{t('portal.period')}</TableCell>
                <TableCell align="right">{t('col.amendment')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((c) => (
                <TableRow key={c.id} hover>
                  <TableCell>
                    <AppLink href={`/portal/contracts/${c.id}`}>{c.code}</AppLink>
                  </TableCell>
                  <TableCell>
                    <StateChip state={c.state} locale={locale} />
                  </TableCell>
                  <TableCell align="right">{formatMoney(c.amount, locale)}</TableCell>
                  <TableCell>{formatDate(c.datePaymentDue, locale)}</TableCell>
                  <TableCell>
                    {formatDate(c.dateValidFrom, locale)} – {formatDate(c.dateValidTo, locale)}
                  </TableCell>
                  <TableCell align="right">{c.amendment}</TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={6}>{t('contracts.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
