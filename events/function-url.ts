import * as z from 'zod/mini';

/**
 * What an HTTP function reads of a Lambda Function URL event (payload format 2.0): the method,
 * path and query, the headers (lower-cased by Lambda) and the body as it came, text or base64.
 */
export const functionUrlEvent = z.object({
  rawPath: z.string().check(z.startsWith('/')),
  rawQueryString: z._default(z.string(), ''),
  headers: z._default(z.record(z.string(), z.string()), {}),
  requestContext: z.object({
    http: z.object({ method: z.string(), sourceIp: z.optional(z.string()) }),
  }),
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
});

export type FunctionUrlEvent = z.infer<typeof functionUrlEvent>;
