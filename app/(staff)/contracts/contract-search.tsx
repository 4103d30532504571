import Alert from '@mui/material/Alert';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/actor';
import type { BulkOp } from '@/lib/contracts/bulk';
import { searchContracts } from '@/lib/contracts/search';
import { ValidationError } from '@/lib/errors';
import { searchInsurees } from '@/lib/policy-holders/insurees';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';
import { contractSort } from '@/lib/validation/contract';
import { ContractFilters } from './contract-filters';
import { ContractTable } from './contract-table';

/**
 * The contract search (filters + results), shared by /contracts and the policy holder's Contracts tab.
 * Filters, sort and page come from the URL.
 */
export async function ContractSearch({
  actor,
  params,
  policyHolderId,
}: {
  actor: Actor;
  params: Record<string, string | string[] | undefined>;
  policyHolderId?: string;
}) {
  const flat = Object.fromEntries(
    Object.entries(params).flatMap(([k, v]) =>
      typeof v === 'string' ? [[k, v]] : Array.isArray(v) && v[0] ? [[k, v[0]]] : [],
    ),
  ) as Record<string, string>;
  if (policyHolderId) flat.policyHolderId = policyHolderId;
  const db = getDb();
  const { sort, dir } = contractSort.parse(flat); // never throws: every field has a .catch
  let error: string | null = null;
  const result = await searchContracts(db, actor, flat).catch((e) => {
    // A malformed filter in the URL: say what is wrong instead of failing the page.
    if (!(e instanceof ValidationError)) throw e;
    error = e.keyedMessage;
    return { items: [], total: 0, totalExact: true, page: 1, pageSize: 20 };
  });
  const ph = flat.policyHolderId
    ? await getPolicyHolder(db, actor, flat.policyHolderId).catch(() => null)
    : null;
  const ins = flat.insureeId
    ? (await searchInsurees(db, actor, '', [flat.insureeId]).catch(() => []))[0]
    : undefined;
  const bulkOps: BulkOp[] = [];
  if (can(actor, 'contract.approve')) bulkOps.push('approve', 'counter');
  if (can(actor, 'invoice.create')) bulkOps.push('invoice');
  const { page: _p, pageSize: _s, sort: _o, dir: _d, tab: _t, ...filter } = flat;
  return (
    <>
      <ContractFilters
        lockedPolicyHolder={!!policyHolderId}
        policyHolder={ph ? { id: ph.id, label: `${ph.code} · ${ph.tradeName}` } : null}
        insuree={
          ins ? { id: ins.id, label: `${ins.insuranceNumber} · ${ins.lastName} ${ins.firstName}` } : null
        }
      />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      <ContractTable
        items={result.items}
        total={result.total}
        totalExact={result.totalExact}
        page={result.page}
        pageSize={result.pageSize}
        sort={sort}
        dir={dir}
        // The default order (last changed first) has no column: no header shows it.
        sorted={!!flat.sort && sort !== 'updatedAt'}
        filter={filter}
        canDelete={can(actor, 'contract.delete')}
        canEdit={can(actor, 'contract.update') || can(actor, 'contract.approve')}
        bulkOps={bulkOps}
      />
    </>
  );
}
