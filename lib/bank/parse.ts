import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { InvalidRequestError } from '../errors';
import { err } from '../i18n/keyed';
import { toMoneyString } from '../money';

export type StatementFormat = 'camt.053' | 'camt.054' | 'csv';

/** One movement on the insurer's account, as the bank reported it. */
export type ParsedLine = {
  /** Identity across files: the same movement in a camt.054 notice and a camt.053 statement is one line. */
  lineKey: string;
  bookedOn: string;
  amount: string;
  direction: 'credit' | 'debit';
  counterparty: string | null;
  reference: string | null;
  endToEndId: string | null;
  /** An R-transaction's reason code (RtrInf/Rsn/Cd: AM04, MD01, MD07...). */
  returnReason: string | null;
};

export type ParsedStatement = { format: StatementFormat; statementId: string | null; lines: ParsedLine[] };

const NOT_A_STATEMENT = err('bank.fileNotStatementPactum');

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function digestOf(content: string): string {
  return sha(content.replace(/\r\n/g, '\n').trim());
}

const list = <T>(v: T | T[] | undefined | null): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const textOf = (v: unknown): string | null => {
  if (v == null) return null;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t == null ? null : String(t).trim() || null;
  }
  return String(v).trim() || null;
};
// biome-ignore lint/suspicious/noExplicitAny: a parsed XML tree, walked defensively.
type Node = any;

function amountOf(v: unknown): string | null {
  const t = textOf(v);
  if (!t || !/^\d{1,16}(\.\d{1,5})?$/.test(t)) return null;
  return toMoneyString(t);
}

function isoDay(v: Node): string | null {
  const t = textOf(v?.Dt) ?? textOf(v?.DtTm)?.slice(0, 10) ?? null;
  return t && /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
}

const usable = (e2e: string | null) => (e2e && e2e.toUpperCase() !== 'NOTPROVIDED' ? e2e : null);

/** camt.053 (statement) and camt.054 (debit/credit notification): one line per transaction detail. */
function parseCamt(xml: string): ParsedStatement | null {
  const parser = new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: true,
  });
  let doc: Node;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const root = doc?.Document;
  if (!root) return null;
  const format: StatementFormat | null = root.BkToCstmrStmt
    ? 'camt.053'
    : root.BkToCstmrDbtCdtNtfctn
      ? 'camt.054'
      : null;
  if (!format) return null;
  const blocks: Node[] =
    format === 'camt.053' ? list(root.BkToCstmrStmt.Stmt) : list(root.BkToCstmrDbtCdtNtfctn.Ntfctn);
  const ids: string[] = [];
  const lines: ParsedLine[] = [];
  const seen = new Map<string, number>();
  for (const block of blocks) {
    const blockId = textOf(block?.Id);
    if (blockId) ids.push(blockId);
    for (const entry of list<Node>(block?.Ntry)) {
      const bookedOn = isoDay(entry?.BookgDt) ?? isoDay(entry?.ValDt);
      const direction = textOf(entry?.CdtDbtInd) === 'DBIT' ? 'debit' : 'credit';
      const entryRef = textOf(entry?.AcctSvcrRef);
      const details = list<Node>(entry?.NtryDtls).flatMap((d) => list<Node>(d?.TxDtls));
      const txs = details.length ? details : [null];
      for (const tx of txs) {
        const amount =
          (txs.length === 1 ? amountOf(entry?.Amt) : null) ??
          amountOf(tx?.AmtDtls?.TxAmt?.Amt) ??
          amountOf(tx?.AmtDtls?.InstdAmt?.Amt) ??
          amountOf(entry?.Amt);
        if (!bookedOn || !amount || amount === '0.00') continue;
        const endToEndId = usable(textOf(tx?.Refs?.EndToEndId));
        const returnReason = textOf(tx?.RtrInf?.Rsn?.Cd) ?? textOf(tx?.RtrInf?.Rsn?.Prtry);
        const parties = tx?.RltdPties ?? {};
        const counterparty =
          direction === 'credit'
            ? (textOf(parties?.Dbtr?.Nm) ?? textOf(parties?.Dbtr?.Pty?.Nm))
            : (textOf(parties?.Cdtr?.Nm) ?? textOf(parties?.Dbtr?.Nm) ?? textOf(parties?.Cdtr?.Pty?.Nm));
        const rmt = tx?.RmtInf;
        const reference =
          list(rmt?.Ustrd).map(textOf).filter(Boolean).join(' ') ||
          textOf(rmt?.Strd?.CdtrRefInf?.Ref) ||
          textOf(entry?.AddtlNtryInf);
        const txRef = textOf(tx?.Refs?.AcctSvcrRef);
        // The identity of the movement, as stable as the bank makes it.
        const base = endToEndId
          ? `e2e:${endToEndId}:${direction}${returnReason ? ':rtr' : ''}`
          : txRef
            ? `ref:${txRef}`
            : `sum:${sha([bookedOn, amount, direction, counterparty, reference, entryRef].join('|'))}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        lines.push({
          lineKey: n === 1 ? base : `${base}#${n}`,
          bookedOn,
          amount,
          direction,
          counterparty,
          reference: reference || null,
          endToEndId,
          returnReason,
        });
      }
    }
  }
  return { format, statementId: ids.join(' ') || null, lines };
}

/** Splits one CSV record (RFC 4180 quotes) on the delimiter. */
function splitCsv(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function csvDate(v: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{2})[/.](\d{2})[/.](\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/**
 * A simple CSV: a header with date, amount, counterparty, reference (any order, `,` or `;`), the amount
 * signed (negative: money out), a decimal point or comma; dates ISO or dd/mm/yyyy.
 */
function parseCsv(content: string): ParsedStatement | null {
  const rows = content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (!rows.length) return null;
  const delimiter = rows[0]!.includes(';') ? ';' : ',';
  const header = splitCsv(rows[0]!, delimiter).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [d, a, c, r] = ['date', 'amount', 'counterparty', 'reference'].map(col);
  if (d! < 0 || a! < 0) return null;
  const lines: ParsedLine[] = [];
  const seen = new Map<string, number>();
  for (const [i, row] of rows.slice(1).entries()) {
    const f = splitCsv(row, delimiter);
    const date = csvDate(f[d!] ?? '');
    let raw = (f[a!] ?? '').replace(/[\s\u00a0']/g, '');
    if (raw.includes(',') && !raw.includes('.')) raw = raw.replace(',', '.');
    if (!date || !/^[+-]?\d{1,16}(\.\d{1,2})?$/.test(raw))
      throw new InvalidRequestError(err('bank.csvLineInvalid', { line: i + 2 }));
    const negative = raw.startsWith('-');
    const amount = toMoneyString(raw.replace(/^[+-]/, ''));
    if (amount === '0.00') continue;
    const counterparty = (c! >= 0 ? f[c!] : '') || null;
    const reference = (r! >= 0 ? f[r!] : '') || null;
    const direction = negative ? 'debit' : 'credit';
    const base = `csv:${sha([date, amount, direction, counterparty, reference].join('|'))}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    lines.push({
      lineKey: n === 1 ? base : `${base}#${n}`,
      bookedOn: date,
      amount,
      direction,
      counterparty,
      reference,
      endToEndId: null,
      returnReason: null,
    });
  }
  return { format: 'csv', statementId: null, lines };
}

/** Reads a statement file: camt.053 / camt.054 by their root element, CSV by its header. */
export function parseStatement(content: string): ParsedStatement {
  const head = content.trimStart();
  const parsed = head.startsWith('<') ? parseCamt(content) : parseCsv(content);
  if (!parsed) throw new InvalidRequestError(NOT_A_STATEMENT);
  return parsed;
}
