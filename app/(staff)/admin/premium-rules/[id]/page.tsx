import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { EmptyRow } from '@/components/empty-row';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { STATES } from '@/lib/contracts/states';
import { localize } from '@/lib/i18n/localize';
import { getTranslator } from '@/lib/i18n/server';
import { getPremiumRule, premiumRuleUsage } from '@/lib/premium-rules/rules';
import { RuleEditor } from './rule-editor';
import { VersionButtons } from './version-buttons';

export const metadata: Metadata = { title: 'Premium rule' };

/** A rule: its versions (publish a draft whose test cases pass), where it is used, and the editor. */
export default async function PremiumRulePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('policyholder.read');
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const query = await searchParams;
  const selected = query.version;
  const db = getDb();
  const [rule, usage] = await Promise.all([getPremiumRule(db, actor, id), premiumRuleUsage(db, actor, id)]);
  const canWrite = can(actor, 'product.configure');
  return (
    <>
      <PageHeader
        title={`${rule.code} · ${rule.name}`}
        subtitle={<AppLink href="/admin/premium-rules">{t('rules.back')}</AppLink>}
      />
      <Paper variant="outlined" sx={{ mb: 2 }}>
        <Typography variant="h6" component="h2" sx={{ px: 2, pt: 1 }}>
          {t('rules.versions')}
        </Typography>
        <Table size="small" aria-label={t('rules.versions')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('rules.number')}</TableCell>
              <TableCell>{t('rules.validFrom')}</TableCell>
              <TableCell>{t('rules.statusLabel')}</TableCell>
              <TableCell>{t('rules.tests')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rule.versions.map((v) => {
              const passed = v.testResults.filter((r) => r.passed).length;
              return (
                <TableRow key={v.id} data-testid="rule-version">
                  <TableCell>{v.number}</TableCell>
                  <TableCell>{v.validFrom}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={v.status === 'published' ? 'success' : 'default'}
                      label={t(`rules.status.${v.status}`)}
                    />
                  </TableCell>
                  <TableCell>
                    {t('rules.testsPassed', { passed, total: v.testResults.length })}
                    {v.testResults
                      .filter((r) => !r.passed)
                      .map((r) => (
                        <Typography key={r.name} variant="body2" color="error">
                          {r.name}: {r.error ? localize(r.error, locale) : `${r.actual} ≠ ${r.expected}`}
                        </Typography>
                      ))}
                  </TableCell>
                  <TableCell align="right">
                    <VersionButtons version={v} canWrite={canWrite} />
                  </TableCell>
                </TableRow>
              );
            })}
            {rule.versions.length === 0 && <EmptyRow colSpan={5}>{t('rules.noVersions')}</EmptyRow>}
          </TableBody>
        </Table>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="h6" component="h2">
          {t('rules.usage')}
        </Typography>
        {usage.plans.length === 0 ? (
          <Typography color="text.secondary">{t('rules.unused')}</Typography>
        ) : (
          <Stack spacing={1}>
            <Typography>
              {t('rules.usagePlans')}: {usage.plans.map((p) => `${p.code} (${p.name})`).join(', ')}
            </Typography>
            <Typography>
              {t('rules.usageContracts')}:{' '}
              {usage.contractsByState
                .map(
                  (s) =>
                    `${(locale === 'fr' ? STATES[s.state]?.fr : STATES[s.state]?.en) ?? s.state}: ${s.n}`,
                )
                .join(', ') || '0'}
            </Typography>
          </Stack>
        )}
      </Paper>
      <RuleEditor
        key={selected ?? 'new'}
        ruleId={rule.id}
        base={rule.versions.find((v) => v.id === selected) ?? rule.versions[0] ?? null}
        canWrite={canWrite}
        saved={query.saved === '1'}
      />
    </>
  );
}
