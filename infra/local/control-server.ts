import { createServer, type ServerResponse } from 'node:http';
import { portInUseError } from './engine-error';
import { functionUrlEvent } from './lambda-shapes';
import { loopback } from './ports';
import type { Runner } from './runner';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

type Controlled = Pick<Runner, 'describe' | 'fire' | 'idle' | 'invocations' | 'invokeHttp'>;

/**
 * The runner's HTTP face on 127.0.0.1, for tests in other processes and for developers (curl):
 *   GET  /                               what runs: every consumer source and schedule, and the
 *                                        containers alive (function, id, busy, invocations served)
 *   POST /schedules/:name/fire?at=ISO    invoke a schedule as of `at` (the way to move time)
 *   GET  /idle?timeoutMs=30000           answers 200 once every queue is empty and nothing runs, else 503
 *   GET  /invocations                    the latest invocations
 *   ANY  /http/:name/<path>              the HTTP function `name` with a Function URL event for
 *                                        `/<path>` (what the front server does for /webhooks/*)
 */
export function startControlServer(runner: Controlled, port: number): Promise<ControlServer> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://control');
    const fire = /^\/schedules\/([^/]+)\/fire$/.exec(url.pathname);
    const http = /^\/http\/([^/]+)(\/.*)$/.exec(url.pathname);
    try {
      if (http?.[1] && http[2]) {
        const name = decodeURIComponent(http[1]);
        if (!runner.describe().httpFunctions.some((fn) => fn.name === name)) {
          return send(response, 404, { error: `No HTTP function named ${name}` });
        }
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const result = await runner.invokeHttp(
          name,
          functionUrlEvent({
            method: request.method ?? 'GET',
            url: `${http[2]}${url.search}`,
            headers: request.headers,
            body: Buffer.concat(chunks),
            sourceIp: String(request.headers['x-forwarded-for'] ?? request.socket.remoteAddress ?? loopback),
          }),
        );
        const body = result.body ?? '';
        response.writeHead(result.statusCode ?? 200, {
          ...(result.headers as Record<string, string> | undefined),
          ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
        });
        return void response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
      }
      if (request.method === 'GET' && url.pathname === '/') return send(response, 200, runner.describe());
      if (request.method === 'GET' && url.pathname === '/invocations')
        return send(response, 200, runner.invocations());
      if (request.method === 'GET' && url.pathname === '/idle') {
        const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 30_000);
        try {
          await runner.idle(Number.isFinite(timeoutMs) ? timeoutMs : 30_000);
          return send(response, 200, { idle: true });
        } catch (error) {
          return send(response, 503, { idle: false, error: (error as Error).message });
        }
      }
      if (request.method === 'POST' && fire?.[1]) {
        const name = decodeURIComponent(fire[1]);
        const atParam = url.searchParams.get('at');
        const at = atParam ? new Date(atParam) : new Date();
        if (Number.isNaN(at.getTime())) return send(response, 400, { error: `Not an ISO date: ${atParam}` });
        if (!runner.describe().schedules.some((schedule) => schedule.name === name)) {
          return send(response, 404, { error: `No schedule named ${name}` });
        }
        try {
          const result = await runner.fire(name, at);
          return send(response, 200, { schedule: name, time: at.toISOString(), result: result ?? null });
        } catch (error) {
          return send(response, 500, { schedule: name, error: (error as Error).message ?? String(error) });
        }
      }
      return send(response, 404, { error: `No route ${request.method} ${url.pathname}` });
    } catch (error) {
      return send(response, 500, { error: String(error) });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUseError('control', port) : error),
    );
    server.listen(port, loopback, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${loopback}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}
