import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SupervisedChild, supervise } from './child-process';
import { EngineStartError, portInUseError, portVariables } from './engine-error';
import { loopback, portInUse } from './ports';
import { startTwin, type Twin } from './twin';
import { startWeb } from './web-server';

/**
 * `npm start`: the whole platform on this machine. The twin (engines with their data under .data/,
 * every resource, the runner with schedule timers), the demo data, and the SvelteKit production
 * build on Node, all on 127.0.0.1 and fixed ports so URLs stay the same from one day to the next.
 * Ctrl-C stops everything it started.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const webEntry = fileURLToPath(new URL('../../web/build/index.js', import.meta.url));
const seedModule = new URL('./seed.ts', import.meta.url);

const defaultPorts = { web: 5173, ses: 8005, dynamodb: 8000, fauxqs: 4566, control: 8010 } as const;

function port(owner: keyof typeof defaultPorts): number {
  const value = process.env[portVariables[owner]];
  const parsed = value ? Number(value) : defaultPorts[owner];
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65_535) {
    throw new EngineStartError(
      `${portVariables[owner]}=${value} is not a port number: use an integer from 1 to 65535.`,
    );
  }
  return parsed;
}

let twin: Twin | undefined;
let web: SupervisedChild | undefined;
let shuttingDown = false;

async function main(): Promise<void> {
  const started = Date.now();
  const webPort = port('web');
  if (await portInUse(webPort)) throw portInUseError('web', webPort);
  const siteUrl = process.env.PARVIS_SITE_URL ?? `http://${loopback}:${webPort}`;

  twin = await startTwin({
    dataDir: fileURLToPath(new URL('../../.data/', import.meta.url)),
    siteUrl,
    controlPort: port('control'),
    ports: { dynamodb: port('dynamodb'), fauxqs: port('fauxqs'), ses: port('ses') },
  });
  if (shuttingDown) return;

  const seeded = await seed(twin.env);
  if (shuttingDown) return;
  if (!existsSync(webEntry)) await buildWeb();
  if (shuttingDown) return;
  web = await startWeb({
    env: twin.env,
    port: webPort,
    siteUrl,
    functionsUrl: twin.controlUrl,
    onLine: (line) => process.stdout.write(`[web] ${line}\n`),
  });

  const lines = [
    '',
    `Parvis is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s; twin ${twin.startMs} ms).`,
    `  Site            ${siteUrl}`,
    `  Mail viewer     ${twin.endpoints.ses}`,
    `  Runner control  ${twin.controlUrl}   (GET / · POST /schedules/<name>/fire?at=ISO · GET /idle)`,
    `  DynamoDB Local  ${twin.endpoints.dynamodb}`,
    `  SQS, SNS, S3    ${twin.endpoints.sqs}   (fauxqs)`,
    `  Payments (fake) ${twin.payments.origin}   (Stripe + PayPal test APIs · GET /_fake/events)`,
    '  Data            .data/ (delete it to start afresh)',
    ...seeded.map((line) => `  ${line}`),
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await seedImages(twin.env);
}

/**
 * The demo events' pictures (infra/local/seed-calendar.ts `seedCalendarImages`), once the site is
 * up: drawing and cropping about 80 pictures takes a minute the first time, and the cards show
 * their placeholder until each event's picture is attached. Later starts find them all and only
 * read. Every run checks, so pictures left out by an interrupted run are drawn at the next start.
 */
async function seedImages(env: Record<string, string>): Promise<void> {
  try {
    const [{ seedCalendarImages }, { createDeps }, { s3FileStore }] = await Promise.all([
      import('./seed-calendar'),
      import('../../shared/adapters/create-deps'),
      import('../../shared/adapters/s3-files'),
    ]);
    const deps = createDeps(env, { component: 'seed' });
    const summary = await seedCalendarImages(deps, s3FileStore(env), {
      onPlan: (toDraw) => {
        if (toDraw > 0) {
          process.stdout.write(
            `Demo pictures: drawing ${toDraw} and sending them through the image pipeline (about a minute; the cards show a placeholder until then)…\n`,
          );
        }
      },
    });
    if (summary.created > 0 && !shuttingDown) {
      process.stdout.write(
        `Demo pictures: ${summary.created} drawn and sent through the image pipeline in ${(summary.milliseconds / 1000).toFixed(1)} s (${summary.events} events with a picture).\n`,
      );
    }
  } catch (error) {
    if (shuttingDown) return;
    process.stderr.write(`Demo pictures failed:\n${(error as Error).stack ?? String(error)}\n`);
  }
}

/**
 * The demo data of infra/local/seed.ts, when that file exists; it returns lines to print. A failing
 * seed is reported but does not stop the platform: the site is still worth having up to debug it.
 */
async function seed(env: Record<string, string>): Promise<string[]> {
  if (!existsSync(fileURLToPath(seedModule))) return ['(no infra/local/seed.ts yet: no demo data)'];
  try {
    const module = (await import(seedModule.href)) as {
      seedDemoData?: (env: Record<string, string>) => Promise<string[] | undefined> | string[] | undefined;
    };
    if (typeof module.seedDemoData !== 'function') return ['(infra/local/seed.ts exports no seedDemoData)'];
    return (await module.seedDemoData(env)) ?? [];
  } catch (error) {
    process.stderr.write(`Demo data failed:\n${(error as Error).stack ?? String(error)}\n`);
    return [`Demo data FAILED: ${(error as Error).message?.split('\n')[0]} (stack above)`];
  }
}

function buildWeb(): Promise<void> {
  process.stdout.write('web/build is missing: running npm run web:build first.\n');
  return new Promise((resolve, reject) => {
    const child = supervise(
      spawn('npm', ['run', 'web:build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }),
    );
    void child.exited.then((code) =>
      code === 0
        ? resolve()
        : reject(
            new EngineStartError(
              `npm run web:build failed (code ${code}): fix the build, then npm start again.`,
            ),
          ),
    );
  });
}

/** Stops the web server, then the twin, then exits; `announce` says so (not after a start-up error). */
async function shutdown(code: number, announce = true): Promise<never> {
  if (shuttingDown) process.exit(code);
  shuttingDown = true;
  if (announce) process.stdout.write('\nStopping Parvis…\n');
  await web?.stop();
  await twin?.stop();
  process.exit(code);
}

/**
 * `kill <npm pid>` (what process managers and `timeout` do) reaches npm's shell, which dies without
 * passing the signal on, leaving tsx and us running as orphans. Watching that our parent (tsx) and
 * its parent (the shell) are still the processes that started us catches it. Linux only (/proc).
 */
function stopWhenOrphaned(): void {
  const parent = parentOf(process.pid);
  const grandparent = parent ? parentOf(parent) : undefined;
  if (!parent || !grandparent || grandparent === 1) return;
  const timer = setInterval(() => {
    if (parentOf(process.pid) !== parent || parentOf(parent) !== grandparent) {
      clearInterval(timer);
      void shutdown(0);
    }
  }, 1000);
  timer.unref();
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    return undefined;
  }
}

stopWhenOrphaned();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C does not wait: the exit handler of child-process.ts still kills the children.
    if (++interrupts > 1) process.exit(130);
    void shutdown(0);
  });
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof EngineStartError ? error.message : (error as Error).stack}\n`);
  await shutdown(1, false);
});
