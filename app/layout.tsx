import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import { ThemeProvider } from '@/components/theme/theme-provider';
import { Toaster } from '@/components/ui/sonner';
import { NONCE_HEADER } from '@/lib/http/security-headers';
import { cn } from '@/lib/utils';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Recall', template: '%s · Recall' },
  description: 'Turn a document knowledge base into retrieval training data, and train on it.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts sets a nonce per request; next-themes' inline script must carry it (CSP).
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning className={cn(GeistSans.variable, GeistMono.variable)}>
      <body className="min-h-dvh antialiased">
        <ThemeProvider nonce={nonce}>
          {children}
          <Toaster />
        </ThemeProvider>
      </body>
    </html>
  );
}
