import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { functionUrlEvent } from '../../events/function-url';
import type { Deps } from '../../shared/deps';
import { toUserError } from '../../shared/kernel/errors';
import { errorFields } from '../../shared/kernel/logger';
import { containerDeps } from './deps';
import { requestLogging } from './logging';

/** A request to an HTTP function, its body exactly as it arrived (signatures are computed on it). */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased names, as Lambda gives them. */
  headers: Record<string, string>;
  rawBody: Buffer;
}

export interface HttpAnswer {
  status: number;
  body?: Record<string, unknown>;
}

/** Webhook bodies are a few kilobytes; anything near the Function URL's 6 MB is refused unread. */
export const maxBodyBytes = 1_000_000;

const json = (status: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * The one middy stack of every HTTP function (DESIGN convention 2): logging, the Function URL event
 * checked against its schema and its body decoded to the exact bytes sent, one call into shared/,
 * and errors mapped once: a 4xx DomainError answers its code and English message (the callers are
 * machines), anything else is logged and answers 500 so the caller (a payment provider) retries.
 */
export function httpFunction(handle: (deps: Deps, request: HttpRequest) => Promise<HttpAnswer>) {
  return middy<unknown, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(requestLogging())
    .handler(async (raw) => {
      const deps = containerDeps();
      const parsed = functionUrlEvent.safeParse(raw);
      if (!parsed.success) return json(400, { code: 'bad_request', message: 'Not a Function URL event.' });
      const event = parsed.data;
      const rawBody = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      if (rawBody.length > maxBodyBytes) {
        return json(413, { code: 'too_large', message: `The body exceeds ${maxBodyBytes} bytes.` });
      }
      const request: HttpRequest = {
        method: event.requestContext.http.method,
        path: event.rawPath,
        query: new URLSearchParams(event.rawQueryString),
        headers: Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v])),
        rawBody,
      };
      try {
        const answer = await handle(deps, request);
        return json(answer.status, answer.body ?? {});
      } catch (error) {
        const user = toUserError(error, 'en');
        if (user.status >= 500)
          deps.log.error('http request failed', { path: request.path, ...errorFields(error) });
        else deps.log.warn('http request refused', { path: request.path, code: user.code });
        return json(user.status, { code: user.code, message: user.message });
      }
    });
}
