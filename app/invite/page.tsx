import type { Metadata } from 'next';
import { AuthShell } from '@/components/auth/auth-shell';
import Link from 'next/link';
import { z } from 'zod';
import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { previewInvitation } from '@/lib/auth/invitations';

export const metadata: Metadata = { title: 'Join a workspace', referrer: 'no-referrer' };

const tokenSchema = z.string().min(20).max(200);

/** The invitation link's page (public: the invitee has no session yet). */
export default async function InvitePage({ searchParams }: PageProps<'/invite'>) {
  const token = tokenSchema.safeParse((await searchParams).token);
  const preview = token.success ? await previewInvitation(token.data) : null;
  return (
    <AuthShell>
      <Card>
        {preview && token.success ? (
          <>
            <CardHeader>
              <CardTitle className="text-xl">Join {preview.workspace}</CardTitle>
              <CardDescription>
                You are invited as {preview.role === 'admin' ? 'an admin' : 'a viewer'}.{' '}
                {preview.hasAccount ? 'Sign in with your password to join.' : 'Choose a password for your new account.'}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <AcceptInvitationForm token={token.data} email={preview.email} hasAccount={preview.hasAccount} />
            </CardContent>
          </>
        ) : (
          <>
            <CardHeader>
              <CardTitle className="text-xl">This invitation link does not work</CardTitle>
              <CardDescription>It was used already, revoked, or has expired. Ask a workspace admin for a new link.</CardDescription>
            </CardHeader>
            <CardContent>
              <Button asChild variant="outline" className="w-full">
                <Link href="/login">Go to sign in</Link>
              </Button>
            </CardContent>
          </>
        )}
      </Card>
    </AuthShell>
  );
}
