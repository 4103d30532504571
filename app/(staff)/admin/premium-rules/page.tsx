import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { UrlPagination } from '@/components/url-pagination';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { listPremiumRules } from '@/lib/premium-rules/rules';
import { ConfigTabs } from '../products/config-tabs';
import { NewRuleForm } from './new-rule-form';

export const metadata: Metadata = { title: 'Premium rules' };

/** Issue 17: the configured premium rules, with how many versions are published and in draft. */
export default async function PremiumRulesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('policyholder.read');
  const { t } = await getTranslator();
  const result = await listPremiumRules(getDb(), actor, await searchParams);
  return (
    <>
      <PageHeader
        title={t('rules.title')}
        subtitle={t('rules.subtitle')}
        actions={can(actor, 'product.configure') ? <NewRuleForm /> : undefined}
      />
      {can(actor, 'product.configure') && <ConfigTabs value="rules" />}
      <Paper variant="outlined">
        {/* Wider than a phone: the table scrolls inside its frame, not the page. */}
        <TableContainer>
          <Table size="small" aria-label={t('rules.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('rules.code')}</TableCell>
                <TableCell>{t('rules.name')}</TableCell>
                <TableCell align="right">{t('rules.published')}</TableCell>
                <TableCell align="right">{t('rules.drafts')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <AppLink href={`/admin/premium-rules/${r.id}`}>{r.code}</AppLink>
                  </TableCell>
                  <TableCell>{r.name}</TableCell>
                  <TableCell align="right">{r.published}</TableCell>
                  <TableCell align="right">{r.drafts}</TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={4}>{t('rules.none')}</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
