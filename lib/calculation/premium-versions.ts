import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { premiumRules, premiumRuleVersions } from '@/db/schema';
import { type CompiledRule, compileRule, type RuleDefinition } from './premium-rule';

export type PublishedVersion = { id: string; number: number; validFrom: string; definition: RuleDefinition };

/*
 * Published versions are frozen (a trigger refuses changing them), so a compiled version can be kept
 * by id for the life of the process: a bulk approval compiles each version once.
 */
const compiled = new Map<string, CompiledRule>();
export function compiledVersion(v: PublishedVersion): CompiledRule {
  let c = compiled.get(v.id);
  if (!c) {
    c = compileRule(v.definition);
    if (compiled.size > 500) compiled.clear();
    compiled.set(v.id, c);
  }
  return c;
}

/** The published versions of the given rule codes, by code, oldest first. */
export async function loadPublishedVersions(
  tx: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, PublishedVersion[]>> {
  const out = new Map<string, PublishedVersion[]>();
  if (!codes.length) return out;
  const rows = await tx
    .select({
      code: premiumRules.code,
      id: premiumRuleVersions.id,
      number: premiumRuleVersions.number,
      validFrom: premiumRuleVersions.validFrom,
      definition: premiumRuleVersions.definition,
    })
    .from(premiumRuleVersions)
    .innerJoin(premiumRules, eq(premiumRules.id, premiumRuleVersions.ruleId))
    .where(
      and(
        inArray(premiumRules.code, [...new Set(codes)]),
        eq(premiumRules.isDeleted, false),
        eq(premiumRuleVersions.isDeleted, false),
        eq(premiumRuleVersions.status, 'published'),
      ),
    )
    .orderBy(asc(premiumRuleVersions.validFrom));
  for (const { code, ...v } of rows) {
    const list = out.get(code) ?? [];
    list.push(v);
    out.set(code, list);
  }
  return out;
}

/**
 * The version valid on a day: the latest published one starting on or before it. A contract is valued
 * with the version valid at its period start, so a later version never changes it.
 */
export function versionOn(
  versions: Map<string, PublishedVersion[]>,
  code: string,
  day: string,
): PublishedVersion | undefined {
  let found: PublishedVersion | undefined;
  for (const v of versions.get(code) ?? []) if (v.validFrom <= day) found = v;
  return found;
}
