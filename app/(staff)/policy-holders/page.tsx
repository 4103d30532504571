import AddIcon from '@mui/icons-material/Add';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { AppLink, LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { SortHeader } from '@/components/sort-header';
import { UrlPagination } from '@/components/url-pagination';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';
import { policyHolderSearch } from '@/lib/validation/policy-holder';
import { PolicyHolderSearchBar } from './search-bar';

export const metadata: Metadata = { title: 'Policy holders' };

export default async function PolicyHoldersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('policyholder.read');
  const params = await searchParams;
  const { sort, dir } = policyHolderSearch.parse(params);
  const result = await searchPolicyHolders(getDb(), actor, params);
  return (
    <>
      <PageHeader
        title="Policy holders"
        subtitle={`${result.total} policy holder${result.total === 1 ? '' : 's'} found`}
        actions={
          can(actor, 'policyholder.write') && (
            <LinkButton variant="contained" startIcon={<AddIcon />} href="/policy-holders/new">
              Add policy holder
            </LinkButton>
          )
        }
      />
      <PolicyHolderSearchBar />
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label="Policy holders">
            <TableHead>
              <TableRow>
                <SortHeader field="code" label="Code" sort={sort} dir={dir} />
                <SortHeader field="tradeName" label="Trade name" sort={sort} dir={dir} />
                <TableCell>Contact</TableCell>
                <TableCell>E-mail</TableCell>
                <TableCell>Language</TableCell>
                <SortHeader field="dateValidFrom" label="Valid from" sort={sort} dir={dir} />
              </TableRow>
            </TableHead>
            <TableBody>
              {result.items.map((ph) => (
                <TableRow key={ph.id} hover>
                  <TableCell>
                    <AppLink href={`/policy-holders/${ph.id}`}>{ph.code}</AppLink>
                  </TableCell>
                  <TableCell>{ph.tradeName}</TableCell>
                  <TableCell>{ph.contactName ?? '—'}</TableCell>
                  <TableCell>{ph.email ?? '—'}</TableCell>
                  <TableCell>{ph.language === 'fr' ? 'French' : 'English'}</TableCell>
                  <TableCell>{ph.dateValidFrom}</TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>
                    <Typography color="text.secondary" sx={{ py: 2, textAlign: 'center' }}>
                      No policy holder matches this search.
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={result.total} page={result.page} pageSize={result.pageSize} />
      </Paper>
    </>
  );
}
