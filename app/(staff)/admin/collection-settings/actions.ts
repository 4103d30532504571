'use server';
import { runAction } from '@/lib/action';
import { saveCollectionSettings } from '@/lib/collection/settings';

export async function saveCollectionSettingsAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const s = await saveCollectionSettings(db, actor, input);
      return { version: s.version };
    },
    { revalidate: ['/admin/collection-settings', '/billing/collections'] },
  );
}
