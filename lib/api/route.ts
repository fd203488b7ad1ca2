import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { inApiScope } from '@/lib/auth/require';
import { AppError } from '@/lib/errors';
import { errorResponse } from './respond';

/** Wraps a route handler: API auth semantics (401 JSON, no redirects) and one error mapper. */
export function apiRoute<Ctx>(handler: (request: NextRequest, context: Ctx) => Promise<Response>) {
  return async (request: NextRequest, context: Ctx): Promise<Response> => {
    try {
      return await inApiScope(() => handler(request, context));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export const MAX_JSON_BYTES = 1024 * 1024;

/** Reads and validates a JSON body: 413 when too large, 400 when not JSON, 422 with field errors when invalid. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_JSON_BYTES): Promise<z.infer<T>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body must be valid JSON.');
  }
  return parseWith(schema, body);
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = z.flattenError(result.error);
  throw new AppError('validation_failed', 'Some fields are invalid.', { details: { fieldErrors, formErrors } });
}

/**
 * The caller's address for rate limiting. scripts/start.ts sets X-Forwarded-For from the
 * socket (or keeps a trusted proxy's), so it is the first hop.
 */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
