import type * as z from 'zod/mini';
import { ValidationError } from './errors';

/** Parses use-case input at the edge of shared/, turning zod issues into a ValidationError. */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
