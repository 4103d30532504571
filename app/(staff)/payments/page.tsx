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
import { UrlSearchBar } from '@/components/url-search-bar';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { searchPayments } from '@/lib/billing/registers';
import { formatDate, formatMoney } from '@/lib/format';
import { money } from '@/lib/money';

export const metadata: Metadata = { title: 'Payments' };

const STATUSES = [
  { value: '', label: 'Any status' },
  { value: 'requested', label: 'Requested' },
  { value: 'partial', label: 'Partly paid' },
  { value: 'paid', label: 'Paid' },
  { value: 'credit', label: 'Credit' },
];

export default async function PaymentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireStaffPage('contract.read');
  const r = await searchPayments(getDb(), actor, await searchParams);
  return (
    <>
      <PageHeader title="Payments" subtitle={`${r.total} payment${r.total === 1 ? '' : 's'} found`} />
      <UrlSearchBar
        label="Contract, reference or policy holder"
        selects={[{ param: 'status', label: 'Status', options: STATUSES }]}
      />
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label="Payments">
            <TableHead>
              <TableRow>
                <TableCell>Contract</TableCell>
                <TableCell>Policy holder</TableCell>
                <TableCell>Requested</TableCell>
                <TableCell>Due</TableCell>
                <TableCell>Reference</TableCell>
                <TableCell>Status</TableCell>
                <TableCell align="right">Expected</TableCell>
                <TableCell align="right">Received</TableCell>
                <TableCell align="right">Balance</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.items.map((p) => (
                <TableRow key={p.id} hover>
                  <TableCell>
                    <AppLink href={`/contracts/${p.contractId}?tab=payments`}>
                      {p.contractCode}
                      {p.amendment ? ` (amendment ${p.amendment})` : ''}
                    </AppLink>
                  </TableCell>
                  <TableCell>{p.policyHolderCode ?? '—'}</TableCell>
                  <TableCell>{formatDate(p.requestDate)}</TableCell>
                  <TableCell>{formatDate(p.datePaymentDue)}</TableCell>
                  <TableCell>{p.reference ?? '—'}</TableCell>
                  <TableCell>{STATUSES.find((s) => s.value === p.status)?.label ?? p.status}</TableCell>
                  <TableCell align="right">{formatMoney(p.expectedAmount)}</TableCell>
                  <TableCell align="right">{formatMoney(p.receivedAmount)}</TableCell>
                  <TableCell align="right">
                    {formatMoney(money(p.expectedAmount).minus(p.receivedAmount).toFixed(2))}
                  </TableCell>
                </TableRow>
              ))}
              {r.items.length === 0 && <EmptyRow colSpan={9}>No payment matches this search.</EmptyRow>}
            </TableBody>
          </Table>
        </TableContainer>
        <UrlPagination total={r.total} page={r.page} pageSize={r.pageSize} />
      </Paper>
    </>
  );
}
