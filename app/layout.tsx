import InitColorSchemeScript from '@mui/material/InitColorSchemeScript';
import { AppRouterCacheProvider } from '@mui/material-nextjs/v16-appRouter';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { I18nProvider } from '@/components/i18n';
import { Providers } from '@/components/providers';
import { getLocale } from '@/lib/i18n/server';

export const metadata: Metadata = {
  title: { default: 'Pactum', template: '%s · Pactum' },
  description: 'Group insurance contracts: policy holders, contracts, contributions and payments.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <body>
        <InitColorSchemeScript attribute="class" />
        <AppRouterCacheProvider>
          <Providers>
            <I18nProvider locale={locale}>{children}</I18nProvider>
          </Providers>
        </AppRouterCacheProvider>
      </body>
    </html>
  );
}
