import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReadableStream } from '@sveltejs/kit/node';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Server } from '../build/server/index.js';
import { manifest } from '../build/server/manifest.js';
import { toRequest, toResult } from './convert';
import { originSecretEnv, originSecretMatches, originVerifyHeader, viewerIpHeader } from './origin-verify';

/**
 * AWS Lambda entry of the web app: the same SvelteKit build `node web/build/index.js` serves,
 * behind CloudFront and a Function URL. Static assets and prerendered pages come from S3 through
 * CloudFront and never reach this function. See docs/decisions/0001-sveltekit-on-lambda.md.
 */
const server = new Server(manifest);

// Files `read` (from $app/server) may open: packaged as client/ in the function's code on Lambda,
// web/build/client when this module runs unbundled (tests).
const assets = process.env.LAMBDA_TASK_ROOT
  ? join(process.env.LAMBDA_TASK_ROOT, 'client')
  : fileURLToPath(new URL('../build/client', import.meta.url));

// The origin secret stays with this wrapper: SvelteKit code ($env/dynamic/private) never sees it.
const { [originSecretEnv]: originSecret, ...kitEnv } = process.env;

// Once per container, during the init phase (top-level await), not on the first request.
await server.init({
  env: kitEnv as Record<string, string>,
  read: (file) => createReadableStream(join(assets, file)),
});

/** What the wrapper needs of SvelteKit's `Server`; tests pass a stand-in to see the request. */
export type Respond = (request: Request, options: { getClientAddress(): string }) => Promise<Response>;

/**
 * The Function URL is public (AuthType NONE), so with `originSecret` set (on AWS) only requests
 * carrying CloudFront's secret origin header get through; without it (local runs, tests) nothing
 * is checked. The header is removed before SvelteKit sees the request, and the viewer's IP set by
 * CloudFront is trusted only when the secret matched.
 */
export function createHandler(respond: Respond, originSecret: string | undefined) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // Function URL events carry header names in lower case.
    const { [originVerifyHeader]: presented, ...headers } = event.headers;
    const verified =
      originSecret !== undefined && originSecret !== '' && originSecretMatches(presented, originSecret);
    if (originSecret !== undefined && !verified) return accessDenied();
    const viewerIp = verified ? headers[viewerIpHeader] : undefined;
    const response = await respond(toRequest({ ...event, headers }), {
      getClientAddress: () => viewerIp || event.requestContext.http.sourceIp,
    });
    return toResult(response);
  };
}

/** Says nothing about why: a caller without the secret learns only that it is not welcome. */
function accessDenied(): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: 'Accès refusé / Access denied',
    isBase64Encoded: false,
  };
}

/** The SvelteKit server of this container. */
export const respond: Respond = (request, options) => server.respond(request, options);

export const handler = createHandler(respond, originSecret);
