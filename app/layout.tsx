import InitColorSchemeScript from '@mui/material/InitColorSchemeScript';
import { AppRouterCacheProvider } from '@mui/material-nextjs/v16-appRouter';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { FeedbackProvider } from '@/components/feedback';
import { I18nProvider } from '@/components/i18n';
import { Providers } from '@/components/providers';
import { UrlTransition } from '@/components/url-transition';
import { getLocale } from '@/lib/i18n/server';

export const metadata: Metadata = {
  title: { default: 'Pactum', template: '%s · Pactum' },
  description: 'Group insurance contracts: policy holders, contracts, contributions and payments.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  // The per-request CSP nonce set by proxy.ts: MUI's colour-scheme script is inline.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang={locale} suppressHydrationWarning>
      <body>
        <InitColorSchemeScript attribute="class" nonce={nonce} />
        <AppRouterCacheProvider>
          <Providers>
            <I18nProvider locale={locale}>
              <FeedbackProvider>
                <UrlTransition>{children}</UrlTransition>
              </FeedbackProvider>
            </I18nProvider>
          </Providers>
        </AppRouterCacheProvider>
      </body>
    </html>
  );
}
