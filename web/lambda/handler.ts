import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReadableStream } from '@sveltejs/kit/node';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Server } from '../build/server/index.js';
import { manifest } from '../build/server/manifest.js';
import { toRequest, toResult } from './convert';

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

// Once per container, during the init phase (top-level await), not on the first request.
await server.init({
  env: process.env as Record<string, string>,
  read: (file) => createReadableStream(join(assets, file)),
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await server.respond(toRequest(event), {
    getClientAddress: () => event.requestContext.http.sourceIp,
  });
  return toResult(response);
}
