import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { requirePortalPage } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalPage();
  return (
    <AppShell title="Pactum · Policy holder portal" userName={actor.name} roleLabel="Policy holder" nav={[]}>
      {children}
    </AppShell>
  );
}
