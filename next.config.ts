import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite is only opened by the launcher and the tests; this keeps Next from bundling its WASM
  // should a server module ever import it.
  // exceljs (rate tables as XLSX, issue 17) is CommonJS with optional requires: loaded from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'exceljs'],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
