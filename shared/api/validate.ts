// Turns a schema failure into an ApiError that names the field.
import type { z } from 'zod';
import { ApiError } from './errors';

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, root: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = [root, ...issue.path.map(String)].join('.');
  throw new ApiError({ code: 'invalid_params', message: `${field}: ${issue.message}`, field });
}
