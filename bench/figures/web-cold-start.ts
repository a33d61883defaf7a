import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Plugin } from 'esbuild';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { localClientConfig } from '../../infra/local/local-aws';
import { freePort } from '../../infra/local/ports';
import { ensureTable } from '../../infra/local/provision';
import { env as wiring } from '../../infra/wiring';
import { originSecretEnv, originVerifyHeader } from '../../web/lambda/origin-verify';
import { baselineLibraries, writeBaseline } from '../baseline';
import { type Bundle, bundleHandler, bundleWebServer, discardBundles, scratchDir } from '../bundle';
import { coldStartsMs, modulesLoaded } from '../cold-import';
import type { Figure, Measure } from '../figure';
import { lambdaEnv, librariesLabel } from '../lambda-env';

/** Budgets of issue #10 (decision 0006); the bundle's is on the code a cold start loads (decision 0012). */
const vsBaselineBudget = 1.3;
const bundleBudgetKb = 1536;

const repoRoot = resolve(import.meta.dirname, '..', '..');
const wrapper = join(repoRoot, 'web', 'lambda', 'handler.ts');
const baselineApp = join(repoRoot, 'bench', 'web-baseline');
const baselineDir = join(scratchDir, 'web-baseline');
/** The CloudFront secret as the stack gives it to the function (and CloudFront sends it). */
const originSecret = 'bench-origin-secret';
/** The environment of the web function in a cold start: the stacks' variables and the secret. */
export const webLambdaEnv: NodeJS.ProcessEnv = { ...lambdaEnv, [originSecretEnv]: originSecret };

/**
 * The page a measured cold start serves: the French log-in page. It runs against an empty table in
 * a DynamoDB Local on loopback, as a Lambda has its table, so a read the page may make is timed
 * against an engine, not the SDK's retries against an unreachable AWS. An anonymous visitor's page
 * reads nothing: the header's menu is fixed (CAL-08), and its two reads, which every page made at
 * first (a Query per month and the passes' Query), had put the figure at 2.4× its baseline.
 */
export const measuredPage = '/fr/connexion';

/** What CloudFront forwards to the Function URL for `measuredPage`. */
const pageEvent: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: '$default',
  rawPath: measuredPage,
  rawQueryString: '',
  headers: {
    host: 'bench.lambda-url.ca-central-1.on.aws',
    'x-forwarded-host': 'parvis.example',
    'x-forwarded-proto': 'https',
    accept: 'text/html',
    [originVerifyHeader]: originSecret,
  },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'bench',
    domainName: 'bench.lambda-url.ca-central-1.on.aws',
    domainPrefix: 'bench',
    http: {
      method: 'GET',
      path: measuredPage,
      protocol: 'HTTP/1.1',
      sourceIp: '15.158.0.12',
      userAgent: 'Amazon CloudFront',
    },
    requestId: 'bench',
    routeKey: '$default',
    stage: '$default',
    time: '24/Nov/2026:14:30:00 +0000',
    timeEpoch: 1795530600000,
  },
  isBase64Encoded: false,
};

/** After the import: one request for `measuredPage`, what a Lambda cold start costs the first visitor. */
export const servePage = [
  `const result = await handler(${JSON.stringify(pageEvent)});`,
  'if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);',
].join('\n');

/** Runs `command` in `cwd`; its output is shown only if it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/** `npm run web:build` (vite build in web/) when the site's build is missing, as on a fresh clone. */
function ensureSiteBuild(): void {
  if (['index.js', 'manifest.js'].every((file) => existsSync(join(repoRoot, 'web', 'build', 'server', file))))
    return;
  console.error('bench: web/build is missing, building the site (npm run web:build)');
  run('npm', ['run', '--silent', 'web:build'], repoRoot);
}

/**
 * The bytes of `bundle`'s own files (split: the entry and its chunks) that a cold start serving
 * `measuredPage` reads. Not in the timed runs: recording loads slows them.
 */
function codeLoadedBytes(bundle: Bundle, env: NodeJS.ProcessEnv): number {
  const folder = `${dirname(bundle.file)}/`;
  return modulesLoaded(bundle.file, { env, afterImport: servePage })
    .filter((file) => file.startsWith(folder) && file.endsWith('.mjs'))
    .reduce((sum, file) => sum + statSync(file).size, 0);
}

/** Builds bench/web-baseline into the scratch folder, its `$libraries` made of `libraries`. */
async function buildBaselineApp(libraries: string[]): Promise<void> {
  rmSync(baselineDir, { recursive: true, force: true });
  mkdirSync(baselineDir, { recursive: true });
  await writeBaseline(join(baselineDir, 'generated'), libraries);
  run(process.execPath, [viteBin, 'build'], baselineApp, { PARVIS_BENCH_BASELINE_DIR: baselineDir });
}

/** The wrapper's `../build/server/{index,manifest}.js` taken from the baseline site's build instead. */
const baselineServer: Plugin = {
  name: 'parvis-bench-baseline-server',
  setup(build) {
    build.onResolve({ filter: /\/build\/server\/(index|manifest)\.js$/ }, (args) =>
      resolve(args.importer) === wrapper
        ? { path: join(baselineDir, 'build', 'server', basename(args.path)) }
        : undefined,
    );
  },
};

/**
 * The web Lambda (web/lambda/handler.ts over the whole SvelteKit server build, split per route as
 * its asset is built: infra/web-bundling.ts, decision 0012) from process start to its first page
 * (`measuredPage`), against its baseline: a minimal SvelteKit app (bench/web-baseline, same adapter, same
 * wrapper, same bundling) whose one page's server load uses the same SDK clients and ElectroDB as
 * the site's bundle holds (bench/baseline.ts), measured in the same interleaved rounds with a
 * hello-world handler. Budgeted: the ratio, and the code that cold start loads (the entry and the
 * chunks serving `measuredPage` reads); the code of every route, hello and the absolute milliseconds are
 * printed for reference.
 *
 * The baseline's page loads every library the site's bundle holds; the site may load on its page only
 * those of the domains that page uses (route modules and what they import are loaded on their
 * first request), which is the point of building each domain on first use.
 */
export const measure: Measure = async () => {
  ensureSiteBuild();
  const web = await bundleWebServer(wrapper);
  const libraries = baselineLibraries(web.metafile);
  await buildBaselineApp(libraries);
  const baseline = await bundleWebServer(wrapper, { plugins: [baselineServer] });
  const hello = await bundleHandler('bench/hello.ts');
  const port = await freePort();
  const engine = await startDynamoDbLocal({ port, timeoutMs: 30_000 });
  const endpoint = `http://127.0.0.1:${port}`;
  const dynamo = new DynamoDBClient(localClientConfig(endpoint));
  try {
    await ensureTable(dynamo, String(webLambdaEnv[wiring.tableName]));
  } finally {
    dynamo.destroy();
  }
  const env = { ...webLambdaEnv, [wiring.endpoint('dynamodb')]: endpoint };
  try {
    const loadedKb = codeLoadedBytes(web, env) / 1024;
    const [webMs = Number.NaN, baselineMs = Number.NaN, helloMs = Number.NaN] = coldStartsMs(
      [web.file, baseline.file, hello.file],
      { env, afterImport: servePage },
    );
    const figures: Figure[] = [
      { name: 'web cold start vs baseline', value: webMs / baselineMs, unit: 'x', budget: vsBaselineBudget },
      {
        name: `web code loaded by a cold start (${measuredPage})`,
        value: Math.round(loadedKb),
        unit: 'KB',
        budget: bundleBudgetKb,
      },
      { name: 'web code, every route', value: Math.round(web.bytes / 1024), unit: 'KB', budget: 'reference' },
      { name: 'web cold start', value: Math.round(webMs), unit: 'ms', budget: 'reference' },
      {
        name: `web baseline cold start (${librariesLabel(libraries)})`,
        value: Math.round(baselineMs),
        unit: 'ms',
        budget: 'reference',
      },
      {
        name: 'web baseline code',
        value: Math.round(baseline.bytes / 1024),
        unit: 'KB',
        budget: 'reference',
      },
      { name: 'web cold start vs hello', value: webMs / helloMs, unit: 'x', budget: 'reference' },
      { name: 'web hello-world cold start', value: Math.round(helloMs), unit: 'ms', budget: 'reference' },
    ];
    return figures;
  } finally {
    discardBundles([web, baseline, hello]);
    await engine.stop();
  }
};
