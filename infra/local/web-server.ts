import { spawn } from 'node:child_process';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, HeadObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { httpFunctionFor, env as wiringEnv } from '../wiring';
import { type SupervisedChild, supervise } from './child-process';
import { exitedError, startTimeoutError } from './engine-error';
import { localClientConfig } from './local-aws';
import { freePort, loopback, portAccepting } from './ports';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webEntry = fileURLToPath(new URL('../../web/build/index.js', import.meta.url));

/**
 * The site as `npm start` and the browser tests serve it, on `port`: the SvelteKit production build
 * on the same Node as ours, with the twin's environment, behind a small front server of ours that
 * plays CloudFront's part for `/images/*` (the images bucket, see `localImages`) and passes every
 * other request through untouched. On AWS that path is a CloudFront behaviour on the images bucket
 * (infra/stacks/web-stack.ts) and the Lambda never sees it; here it is neither a SvelteKit route
 * nor anything of the production build.
 *
 * The server gets an IPC channel and a preloaded one-liner that exits when the channel closes, so
 * it dies with us even if we are killed without a chance to stop it (the channel is unref'd so that
 * it does not keep the server alive after its own graceful shutdown).
 */
export async function startWeb(options: {
  env: Record<string, string>;
  port: number;
  siteUrl: string;
  /**
   * The runner's control server (twin.controlUrl): requests for an HTTP function's path
   * (`/webhooks/*`) go to it, as CloudFront sends them to that function's URL on AWS. Absent, those
   * paths reach the SvelteKit server (and find no route).
   */
  functionsUrl?: string;
  onLine?: (line: string) => void;
}): Promise<SupervisedChild> {
  const exitWithParent =
    "--import=data:text/javascript,process.channel?.unref();process.on('disconnect',()=>process.exit(0))";
  const innerPort = await freePort();
  const child = supervise(
    spawn(process.execPath, [exitWithParent, webEntry], {
      cwd: root,
      // adapter-node waits up to SHUTDOWN_TIMEOUT s for open requests; Ctrl-C should not.
      env: {
        SHUTDOWN_TIMEOUT: '2',
        ...process.env,
        ...options.env,
        HOST: loopback,
        PORT: String(innerPort),
        // URLs and the origin check of form posts are the front server's, where browsers are.
        ORIGIN: options.siteUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
    options.onLine,
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.process.exitCode !== null) throw exitedError('web', child.process.exitCode, child.lastLines());
    if (await portAccepting(innerPort)) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw startTimeoutError('web', 30, child.lastLines());
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let front: Server;
  try {
    front = await startFront({
      port: options.port,
      upstreamPort: innerPort,
      images: localImages(options.env),
      ...(options.functionsUrl ? { functions: localHttpFunctions(options.functionsUrl) } : {}),
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    process: child.process,
    exited: child.exited,
    lastLines: child.lastLines,
    async stop(graceMs) {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
      await child.stop(graceMs);
    },
  };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The front server: `/images/*` to `images`, an HTTP function's path to `functions`, anything else
 * streamed to the SvelteKit server on `upstreamPort` as it came (exported for its test, which puts a
 * stand-in server behind it).
 */
export function startFront(options: {
  port: number;
  upstreamPort: number;
  images: Handler;
  functions?: Handler;
}): Promise<Server> {
  // A fresh loopback connection per request (a fraction of a millisecond): a kept-alive socket can
  // be closed by the SvelteKit server's idle timeout just as a request goes out on it, and a form
  // post cannot be replayed on another, so the visitor would get a 502 for nothing (seen in CI).
  const agent = new Agent({ keepAlive: false });
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/images/')) {
      options.images(request, response).catch((error: unknown) => {
        // Cut off mid-file: the browser must not take a truncated image for a whole one.
        if (response.headersSent) return void response.destroy();
        response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`The local images bucket did not answer: ${(error as Error).message}\n`);
      });
      return;
    }
    if (options.functions && httpFunctionFor(request.url ?? '/')) {
      options.functions(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`The local runner did not answer: ${(error as Error).message}\n`);
      });
      return;
    }
    const upstream = httpRequest(
      {
        host: loopback,
        port: options.upstreamPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      console.error(`front server: ${request.method} ${request.url} → ${error.message}`);
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`The SvelteKit server did not answer: ${error.message}`);
    });
    request.pipe(upstream);
  });
  server.on('close', () => agent.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, loopback, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Sends a request for an HTTP function's path (wiring `httpFunctions`) to the runner's control
 * server, which invokes that function with a Function URL event: CloudFront's part on AWS.
 */
export function localHttpFunctions(controlUrl: string): Handler {
  const agent = new Agent({ keepAlive: false });
  return (request, response) =>
    new Promise<void>((resolve, reject) => {
      const fn = httpFunctionFor(request.url ?? '/');
      if (!fn) return reject(new Error(`no HTTP function serves ${request.url}`));
      const target = new URL(`/http/${fn.name}${request.url}`, controlUrl);
      const upstream = httpRequest(
        target,
        {
          method: request.method,
          headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? loopback },
          agent,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
          answer.pipe(response);
          answer.on('end', resolve);
        },
      );
      upstream.on('error', reject);
      request.pipe(upstream);
    });
}

/**
 * The images bucket's key for a request path, or nothing: only keys under `images/`, as CloudFront's
 * `/images/*` behaviour maps them, without `.` or `..` segments, empty segments or backslashes once
 * decoded (the bucket holds renditions only, but nothing else of it is reachable either).
 */
export function imageKeyOf(url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://local').pathname);
  } catch {
    return undefined;
  }
  const key = path.slice(1);
  if (!key.startsWith('images/') || key.endsWith('/') || /[\\\0]/.test(key)) return undefined;
  if (posix.normalize(key) !== key || key.split('/').some((part) => part === '..' || part === '.')) {
    return undefined;
  }
  return key;
}

/**
 * Serves the twin's images bucket (fauxqs S3) at `/images/<key>`, as CloudFront does on AWS: GET and
 * HEAD only, the object's own type, length, ETag and Cache-Control (a year, immutable: keys hold the
 * file's hash), `If-None-Match` answered 304, streamed, 404 for what is not there.
 */
export function localImages(vars: Record<string, string>): Handler {
  const endpoint = vars[wiringEnv.endpoint('s3')] ?? '';
  const bucket = vars[wiringEnv.bucketName('images')] ?? '';
  const s3 = new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true });
  const plain = (
    response: ServerResponse,
    status: number,
    text: string,
    extra: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...extra });
    response.end(text);
  };
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(response, 405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    }
    const key = imageKeyOf(request.url ?? '');
    if (!key || !endpoint || !bucket) return plain(response, 404, 'Not found\n');
    const condition = request.headers['if-none-match'];
    const input = { Bucket: bucket, Key: key, ...(condition ? { IfNoneMatch: condition } : {}) };
    let object: {
      ContentType?: string;
      ContentLength?: number;
      ETag?: string;
      CacheControl?: string;
      LastModified?: Date;
      Body?: unknown;
    };
    try {
      object = await s3.send(
        request.method === 'HEAD' ? new HeadObjectCommand(input) : new GetObjectCommand(input),
      );
    } catch (error) {
      const { name, $metadata } = error as S3ServiceException;
      const status = $metadata?.httpStatusCode;
      if (status === 304) return void response.writeHead(304).end();
      if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
        return plain(response, 404, 'Not found\n');
      }
      throw error;
    }
    response.writeHead(200, {
      'content-type': object.ContentType ?? 'application/octet-stream',
      ...(object.ContentLength !== undefined ? { 'content-length': String(object.ContentLength) } : {}),
      ...(object.ETag ? { etag: object.ETag } : {}),
      ...(object.CacheControl ? { 'cache-control': object.CacheControl } : {}),
      ...(object.LastModified ? { 'last-modified': object.LastModified.toUTCString() } : {}),
      'x-content-type-options': 'nosniff',
    });
    const body = object.Body as Readable | undefined;
    if (request.method === 'HEAD' || !body) return void response.end();
    await new Promise<void>((resolve, reject) => {
      body.once('error', reject);
      response.once('close', () => {
        body.destroy();
        resolve();
      });
      body.pipe(response);
    });
  };
}
