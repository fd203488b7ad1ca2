import { z } from 'zod';

/**
 * The process environment, parsed once with zod. Empty strings count as unset so that
 * `FOO=` in a shell or an .env file means "use the default", as users expect.
 */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), 'must be a postgres:// or postgresql:// connection URL');

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((value) => value ?? 3000),
    DATABASE_URL: optional(postgresUrl),
    RECALL_DATA_DIR: optional(z.string()).transform((value) => value ?? '.recall'),
    RECALL_ADMIN_EMAIL: optional(z.email('must be an email address')),
    RECALL_ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
    OPENAI_API_KEY: optional(z.string()),
    OPENAI_BASE_URL: optional(httpUrl),
    RECALL_LLM_MODEL: optional(z.string()),
    /** OpenAI-compatible embeddings for training (endpoint and key default to the LLM's). */
    RECALL_EMBEDDING_MODEL: optional(z.string().max(200)),
    RECALL_EMBEDDING_BASE_URL: optional(httpUrl),
    RECALL_EMBEDDING_API_KEY: optional(z.string()),
    RECALL_EMBEDDING_DIMENSIONS: optional(z.coerce.number().int().min(1).max(8192)),
    RECALL_EMBEDDING_CACHE_MAX_ROWS: optional(z.coerce.number().int().min(0)).transform((value) => value ?? 500_000),
    /** An external trainer service (HTTP); unset: training runs in the worker. */
    RECALL_TRAINER_URL: optional(httpUrl),
    RECALL_TRAINER_TOKEN: optional(z.string()),
    /** Polling the external trainer: the first wait (doubled up to 30 s), and how long a job may take. */
    RECALL_TRAINER_POLL_MS: optional(z.coerce.number().int().min(10).max(60_000)).transform((value) => value ?? 1_000),
    RECALL_TRAINER_DEADLINE_S: optional(z.coerce.number().int().min(1)).transform((value) => value ?? 24 * 3600),
    NEXT_PUBLIC_SUPABASE_URL: optional(httpUrl),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional(z.string()),
    RECALL_WORKER: optional(z.enum(['inline', 'off'])).transform((value) => value ?? 'inline'),
    RECALL_TRUST_PROXY: optional(z.enum(['true', 'false'])).transform((value) => value === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.NEXT_PUBLIC_SUPABASE_URL && !env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY'],
        message: 'is required when NEXT_PUBLIC_SUPABASE_URL is set',
      });
    }
    if (env.NEXT_PUBLIC_SUPABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: "is required when NEXT_PUBLIC_SUPABASE_URL is set (the Supabase project's Postgres)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses an environment; throws an EnvError naming every bad variable, never echoing values. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'} ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const authMode = (e: Env = env()): 'supabase' | 'local' => (e.NEXT_PUBLIC_SUPABASE_URL ? 'supabase' : 'local');
