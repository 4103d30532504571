import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite is only opened by the launcher and the tests; this keeps Next from bundling its WASM
  // should a server module ever import it.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
  poweredByHeader: false,
  experimental: {
    authInterrupts: true,
    // A census (employee list) is uploaded to a server action: up to 4 MB of CSV or XLSX (lib/census).
    serverActions: { bodySizeLimit: '5mb' },
  },
};

export default nextConfig;
