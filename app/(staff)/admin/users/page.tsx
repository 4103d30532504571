import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { listRoles, listUsers } from '@/lib/admin/users';
import { requireStaffPage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';
import { UsersClient } from './users-client';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requireStaffPage('admin.users');
  const db = getDb();
  const { t } = await getTranslator();
  const [users, roles, phs] = await Promise.all([
    listUsers(db, actor),
    listRoles(db, actor),
    searchPolicyHolders(db, actor, { pageSize: '100' }),
  ]);
  return (
    <>
      <PageHeader title={t('adm.title')} subtitle={t('adm.subtitle')} />
      <UsersClient
        users={users}
        roles={roles}
        policyHolders={phs.items.map((p) => ({ id: p.id, label: `${p.code} · ${p.tradeName}` }))}
        selfId={actor.id}
      />
    </>
  );
}
