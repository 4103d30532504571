'use client';
import { findInsureesAction, findPolicyHoldersAction } from './actions';
import type { PickerOption } from './entity-picker';

export async function searchPolicyHolderOptions(q: string): Promise<PickerOption[]> {
  const r = await findPolicyHoldersAction(q);
  return r.ok ? r.data.map((p) => ({ id: p.id, label: `${p.code} · ${p.tradeName}` })) : [];
}

export async function searchInsureeOptions(q: string): Promise<PickerOption[]> {
  const r = await findInsureesAction(q);
  return r.ok
    ? r.data.map((i) => ({ id: i.id, label: `${i.insuranceNumber} · ${i.lastName} ${i.firstName}` }))
    : [];
}
