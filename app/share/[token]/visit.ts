import { cookies, headers } from 'next/headers';
import { clientIp } from '@/lib/auth/client-ip';
import { SECURE_COOKIES } from '@/lib/auth/options';
import type { ShareVisit } from '@/lib/sharing/visit';

/** The cookie a right one-time code sets: scoped to this link's path, so it opens this link only. */
export const SHARE_COOKIE = 'pactum-share';

/** Who is visiting: the address (logged), the browser, and the code session cookie when there is one. */
export async function currentVisit(): Promise<ShareVisit> {
  const h = await headers();
  return {
    ip: clientIp(h),
    userAgent: h.get('user-agent'),
    session: (await cookies()).get(SHARE_COOKIE)?.value ?? null,
  };
}

export async function setShareCookie(token: string, session: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(SHARE_COOKIE, session, {
    httpOnly: true,
    sameSite: 'lax',
    path: `/share/${token}`,
    secure: SECURE_COOKIES,
    expires: expiresAt,
  });
}
