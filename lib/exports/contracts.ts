import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contracts, policyHolders } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { requireOp } from '../contracts/access';
import { type ContractDto, contractColumns, toContractDto } from '../contracts/contracts';
import { contractWhere } from '../contracts/search';
import { stateLabel } from '../contracts/states';
import { contractFilter } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { type ExportColumn, type ExportFormat, exportStream } from './table-stream';

export const EXPORT_PAGE = 2000;

const COLUMNS: ExportColumn<ContractDto>[] = [
  { header: 'Code', value: (c) => c.code },
  { header: 'Amendment', value: (c) => c.amendment },
  { header: 'Policy holder', value: (c) => c.policyHolderCode ?? null },
  { header: 'Policy holder name', value: (c) => c.policyHolderName ?? null },
  { header: 'State', value: (c) => stateLabel(c.state) },
  { header: 'Valid from', value: (c) => c.dateValidFrom },
  { header: 'Valid to', value: (c) => c.dateValidTo },
  { header: 'Amount', value: (c) => c.amount },
  { header: 'Amount due', value: (c) => c.amountDue },
  { header: 'Payment reference', value: (c) => c.paymentReference },
  { header: 'Payment due', value: (c) => c.datePaymentDue },
];

/**
 * Every contract of a search (same filters, same tenant scope as the search page), page after page in
 * (code, id) order with a keyset, never an offset: the millionth row costs what the first does.
 */
export async function* contractPages(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<ContractDto[]> {
  requireOp(actor, 'read');
  const where = contractWhere(actor, parseInput(contractFilter, params));
  let after: { code: string; id: string } | null = null;
  for (;;) {
    const rows: Parameters<typeof toContractDto>[0][] = await db
      .select(contractColumns)
      .from(contracts)
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(
        and(
          where,
          after ? sql`(${contracts.code}, ${contracts.id}) > (${after.code}, ${after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(contracts.code, contracts.id)
      .limit(pageSize);
    if (!rows.length) return;
    yield rows.map(toContractDto);
    const last = rows.at(-1)!;
    after = { code: String(last.code), id: String(last.id) };
    if (rows.length < pageSize) return;
  }
}

/** A contract search as a CSV or XLSX download, streamed. Permissions are checked before the first byte. */
export function exportContracts(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
  format: ExportFormat,
): { stream: ReadableStream<Uint8Array>; filename: string } {
  requireOp(actor, 'read');
  parseInput(contractFilter, params);
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    stream: exportStream(format, COLUMNS, contractPages(db, actor, params)),
    filename: `contracts-${stamp}.${format}`,
  };
}
