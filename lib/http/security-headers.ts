/**
 * Security headers. Pages get a per-request nonce CSP (set by proxy.ts): Next.js and
 * next-themes put the nonce on every script they emit, and 'strict-dynamic' lets those
 * scripts load the app's chunks, so no other script runs. Styles allow 'unsafe-inline':
 * Radix and the charts position elements with style attributes, which cannot carry a nonce.
 */
export function pageContentSecurityPolicy(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // React needs eval in development only (call stacks, fast refresh).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The live feeds (EventSource) and fetches go to the app itself; dev adds the HMR socket.
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and event streams never render: nothing may load from them, and nobody may frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** On every response (next.config.ts), static files included. */
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

export const NONCE_HEADER = 'x-nonce';

export const newNonce = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
