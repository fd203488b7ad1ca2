import { z } from 'zod';

/** The claims of a Supabase Auth access token (the shape Recall also issues locally). */
export const accessTokenClaimsSchema = z.looseObject({
  iss: z.string(),
  sub: z.uuid(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  iat: z.number(),
  role: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  aal: z.string().optional(),
  session_id: z.string().optional(),
  is_anonymous: z.boolean().optional(),
  amr: z.array(z.looseObject({ method: z.string(), timestamp: z.number() })).optional(),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export type SessionUser = { id: string; email: string; claims: AccessTokenClaims };

export const userFromClaims = (claims: AccessTokenClaims): SessionUser => ({
  id: claims.sub,
  email: claims.email ?? '',
  claims,
});
