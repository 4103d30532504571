import type { Metadata } from 'next';
import { ProfileTokens } from '@/components/tokens/profile-tokens';
import { requireStaffPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'My profile' };

export default async function ProfilePage() {
  return <ProfileTokens actor={await requireStaffPage()} />;
}
