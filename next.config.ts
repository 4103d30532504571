import type { NextConfig } from 'next';

// Uploads (issue 16) go through the proxy, which buffers request bodies up to this size: the largest
// file accepted (PACTUM_MAX_UPLOAD_MB, default 20) and room for the multipart envelope.
const uploadMb = Number(process.env.PACTUM_MAX_UPLOAD_MB) > 0 ? Number(process.env.PACTUM_MAX_UPLOAD_MB) : 20;

const nextConfig: NextConfig = {
  // PGlite is only opened by the tests; this keeps Next from bundling its WASM should a server module
  // ever import it. The queue (pg-boss on node-postgres) is loaded from node_modules as it is, and so
  // are pdfkit (it reads its font metrics from its own folder at run time) and exceljs (CommonJS with
  // optional requires).
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pg-boss',
    'pg',
    'pdfkit',
    'file-type',
    '@aws-sdk/client-s3',
    'exceljs',
  ],
  poweredByHeader: false,
  // Browsers still ask for /favicon.ico on pages whose <head> they have not read yet (an error page
  // answered 403 or 404): the app's icon answers it, not a 404 in the console.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  experimental: {
    authInterrupts: true,
    proxyClientMaxBodySize: `${Math.ceil(uploadMb) + 1}mb`,
    // A census (employee list) is uploaded to a server action: up to 4 MB of CSV or XLSX (lib/census).
    serverActions: { bodySizeLimit: '5mb' },
  },
};

export default nextConfig;
