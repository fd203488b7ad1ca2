import { z } from 'zod';

/**
 * The external trainer's HTTP protocol (documented in docs/training.md), validated with zod
 * on every answer: a trainer that answers garbage is treated as failing, never trusted.
 *
 *   GET    /v1/capabilities         → { embedders: string[], max_dim }
 *   POST   /v1/jobs                 → 202 { job_id }          (Idempotency-Key: the training's key)
 *   GET    /v1/jobs/{id}            → { status, progress?, error? }
 *   GET    /v1/jobs/{id}/result     → { form, rank, dim, a, u, v }  (float32 LE, base64)
 *   DELETE /v1/jobs/{id}            → cancel
 */
export const capabilitiesSchema = z.object({
  /** Spaces it can train in: "builtin", "openai:<model>", or "*". */
  embedders: z.array(z.string()).max(1000),
  max_dim: z.int().min(1),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

export const submittedSchema = z.object({ job_id: z.string().min(1).max(500) });

export const jobSchema = z.object({
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({ step: z.int().min(0), total: z.int().min(0), loss: z.number().nullable().optional() }).optional(),
  error: z.string().max(2000).optional(),
});
export type RemoteJob = z.infer<typeof jobSchema>;

export const resultSchema = z.object({
  form: z.enum(['identity', 'diagonal', 'diagonal_low_rank']),
  rank: z.int().min(0).max(256),
  dim: z.int().min(1),
  a: z.string(),
  u: z.string(),
  v: z.string(),
});

/** What a trainer is sent: passages once, examples referring to them by index. */
export type JobRequest = {
  space: { provider: string; model: string; dim: number };
  epochs: number;
  forms: string[];
  max_rank: number;
  passages: string[];
  train: { query: string; positive: number; negatives: number[] }[];
  validation: { query: string; relevant: number[]; candidates: number[] }[];
};

export const spaceName = (space: { provider: string; model: string }) => (space.provider === 'builtin' ? 'builtin' : `${space.provider}:${space.model}`);
