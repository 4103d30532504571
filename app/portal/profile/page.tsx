import type { Metadata } from 'next';
import { ProfileTokens } from '@/components/tokens/profile-tokens';
import { requirePortalPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'My profile' };

export default async function PortalProfilePage() {
  return <ProfileTokens actor={await requirePortalPage()} />;
}
