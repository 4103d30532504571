import { randomFillSync } from 'node:crypto';

/*
 * Ids made in Node for rows that other rows of the same statement batch reference (an approval's policies,
 * contribution lines and installments): time-ordered UUIDs (version 7, RFC 9562), like the database's own
 * default `pactum_uuid7()`. A random (version 4) id lands on a random page of the key's B-tree, and of
 * every index on a column referencing it; a time-ordered one lands on the right-hand edge, as each insert
 * before it did (an approval's installments: 1.72 → 1.51 s for 120,000 rows on this machine).
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes drawn 4 KiB at a time (as crypto.randomUUID does), 16 per id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** A version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits (version and variant set). */
export function uuid7(now: number = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const b = pool.subarray(used, used + 16);
  used += 16;
  // Big-endian milliseconds: the two high bytes by division (past 32 bits), the four low ones by shifts of
  // the value modulo 2^32 (`>>>` takes it so).
  b[0] = Math.floor(now / 2 ** 40) & 0xff;
  b[1] = Math.floor(now / 2 ** 32) & 0xff;
  b[2] = (now >>> 24) & 0xff;
  b[3] = (now >>> 16) & 0xff;
  b[4] = (now >>> 8) & 0xff;
  b[5] = now & 0xff;
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = (i: number) => HEX[b[i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
