import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { inApiScope } from '@/lib/auth/require';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertSameOrigin } from './origin';
import { errorResponse } from './respond';

/**
 * Wraps a route handler: cookie-authenticated writes only from the app's own pages (CSRF),
 * API auth semantics (401 JSON, no redirects) and one error mapper.
 */
export function apiRoute<Ctx>(handler: (request: NextRequest, context: Ctx) => Promise<Response>) {
  return async (request: NextRequest, context: Ctx): Promise<Response> => {
    try {
      assertSameOrigin(request);
      return await inApiScope(() => handler(request, context));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export const MAX_JSON_BYTES = 1024 * 1024;

/** `application/json`, with or without parameters (`; charset=utf-8`). */
export const isJsonType = (type: string | null) => /^application\/json\s*(;|$)/i.test(type ?? '');

/**
 * Reads and validates a JSON body: 415 unless it is sent as application/json, 413 when too
 * large, 400 when not JSON, 422 with field errors when invalid. With `empty`, a request
 * without a body means that value (a POST with no options).
 */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, options: { maxBytes?: number; empty?: unknown } = {}): Promise<z.infer<T>> {
  const maxBytes = options.maxBytes ?? MAX_JSON_BYTES;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  if (text.trim() === '' && options.empty !== undefined) return parseWith(schema, options.empty);
  if (!isJsonType(request.headers.get('content-type'))) {
    throw new AppError('unsupported_media_type', 'Send the request body as JSON, with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body must be valid JSON.');
  }
  return parseWith(schema, body);
}

/** Parses input at the API boundary (a 422 with field errors when invalid). */
export const parseWith = parseInput;

/**
 * The caller's address for rate limiting. scripts/start.ts sets X-Forwarded-For from the
 * socket (or keeps a trusted proxy's), so it is the first hop.
 */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
