import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReadableStream } from '@sveltejs/kit/node';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Server } from '../build/server/index.js';
import { manifest } from '../build/server/manifest.js';
import { toRequest, toResult } from './convert';
import {
  originSecretEnv,
  originSecretMatches,
  originSecretMissingMessage,
  originVerifyHeader,
  runsOnLambda,
  viewerIpHeader,
} from './origin-verify';

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

export interface HandlerOptions {
  /** Whether this runs on Lambda; default: the Lambda runtime's variables are set. */
  onLambda?: boolean;
  /** Where the one error line goes when the secret is missing on Lambda; default stdout. */
  write?: (line: string) => void;
}

/**
 * The Function URL is public (AuthType NONE), so only requests carrying CloudFront's secret
 * origin header get through. On Lambda the check fails closed: a missing or empty secret (a
 * broken deploy, a hand-edited configuration) refuses every request, with one error line per
 * container that the operations stack alarms on, rather than opening the site to direct calls.
 * Off Lambda (local runs, tests), without a secret nothing is checked (a secret set but empty
 * still refuses everything). The header is removed before SvelteKit sees the request, and the
 * viewer's IP set by CloudFront is trusted only when the secret matched.
 */
export function createHandler(
  respond: Respond,
  originSecret: string | undefined,
  options: HandlerOptions = {},
) {
  const onLambda = options.onLambda ?? runsOnLambda(process.env);
  const write = options.write ?? ((line: string) => console.log(line));
  const secretMissing = originSecret === undefined || originSecret === '';
  // Only a local run given no secret at all checks nothing; anything else checks, and refuses
  // every request when the secret is missing or empty.
  const checked = onLambda || originSecret !== undefined;
  let missingLogged = false;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // Function URL events carry header names in lower case.
    const { [originVerifyHeader]: presented, ...headers } = event.headers;
    if (checked && secretMissing) {
      if (!missingLogged) {
        missingLogged = true;
        // The logger's line shape (shared/kernel/logger.ts), matched by an operations metric filter.
        write(
          JSON.stringify({
            level: 'error',
            time: new Date().toISOString(),
            message: originSecretMissingMessage,
            variable: originSecretEnv,
          }),
        );
      }
      return accessDenied();
    }
    const verified = !secretMissing && originSecretMatches(presented, originSecret);
    if (checked && !verified) return accessDenied();
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
