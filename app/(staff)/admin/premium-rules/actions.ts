'use server';
import { runAction } from '@/lib/action';
import { createPremiumRule, updatePremiumRule } from '@/lib/premium-rules/rules';
import {
  deleteRuleVersion,
  exportRateTableXlsx,
  importRateTable,
  importRateTableXlsx,
  previewRule,
  publishRuleVersion,
  saveRuleVersion,
} from '@/lib/premium-rules/versions';

const revalidate = ['/admin/premium-rules'];

export async function createPremiumRuleAction(input: unknown) {
  return runAction((db, actor) => createPremiumRule(db, actor, input), { revalidate });
}

export async function updatePremiumRuleAction(input: unknown) {
  return runAction((db, actor) => updatePremiumRule(db, actor, input), { revalidate });
}

export async function saveRuleVersionAction(input: unknown) {
  return runAction((db, actor) => saveRuleVersion(db, actor, input), { revalidate });
}

export async function publishRuleVersionAction(input: unknown) {
  return runAction((db, actor) => publishRuleVersion(db, actor, input), { revalidate });
}

export async function deleteRuleVersionAction(input: unknown) {
  return runAction((db, actor) => deleteRuleVersion(db, actor, input), { revalidate });
}

/** The editor's preview: nothing is saved. */
export async function previewRuleAction(input: unknown) {
  return runAction(async (_db, actor) => previewRule(actor, input));
}

/** A rate table read from an uploaded CSV, checked and handed back to the editor (nothing is saved). */
export async function importRateTableAction(input: {
  name: string;
  csv: string;
  kinds: ('band' | 'category')[];
}) {
  return runAction(async (_db, actor) => importRateTable(actor, input));
}

/** A rate table read from an uploaded XLSX workbook (base64), checked and handed back (nothing saved). */
export async function importRateTableXlsxAction(input: {
  name: string;
  xlsx: string;
  kinds: ('band' | 'category')[];
}) {
  return runAction(async (_db, actor) => importRateTableXlsx(actor, input));
}

/** The editor's table as an XLSX workbook (base64) to download. */
export async function exportRateTableXlsxAction(input: {
  name: string;
  csv: string;
  kinds: ('band' | 'category')[];
}) {
  return runAction(async (_db, actor) => exportRateTableXlsx(actor, input));
}
