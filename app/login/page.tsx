import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { Logo } from '@/components/shell/logo';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { safeNextPath } from '@/lib/auth/form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const { next } = await searchParams;
  return (
    <main className="bg-muted/40 relative grid min-h-dvh place-items-center px-4 py-12">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="grid w-full max-w-sm gap-6">
        <Logo className="justify-center text-lg" />
        <Card>
          <CardHeader>
            <CardTitle className="text-xl">Sign in</CardTitle>
            <CardDescription>Use the admin account of your Recall workspace.</CardDescription>
          </CardHeader>
          <CardContent>
            <LoginForm next={safeNextPath(next)} />
          </CardContent>
        </Card>
        <p className="text-muted-foreground text-center text-xs text-balance">
          Turn your knowledge base into retrieval training data — runs that survive crashes, cancels and restarts.
        </p>
      </div>
    </main>
  );
}
