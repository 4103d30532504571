import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite is only opened by the tests; this keeps Next from bundling its WASM should a server module
  // ever import it. The queue (pg-boss on node-postgres) is loaded from node_modules as it is.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg-boss', 'pg'],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
