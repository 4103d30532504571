/**
 * Rate tables as CSV, with no dependency: shared by the server (import, export) and the rule editor in
 * the browser (a table is edited as CSV text). One column per dimension, then `value`.
 */
export type CsvTable = { header: string[]; rows: string[][] };

const csvCell = (v: string) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(header: string[], rows: string[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Comma or semicolon separated (as spreadsheets export); decimal commas accepted in semicolon files. */
export function parseCsv(csv: string): CsvTable {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const sep = (lines[0] ?? '').includes(';') ? ';' : ',';
  const [header = [], ...rows] = lines.map((l) =>
    splitLine(l, sep).map((c) => (sep === ';' ? c.replace(/^(-?\d+),(\d+)$/, '$1.$2') : c)),
  );
  return { header, rows };
}
