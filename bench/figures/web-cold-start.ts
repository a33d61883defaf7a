import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Plugin } from 'esbuild';
import { originSecretEnv, originVerifyHeader } from '../../web/lambda/origin-verify';
import { baselineLibraries, writeBaseline } from '../baseline';
import { bundleHandler, discardBundles, scratchDir } from '../bundle';
import { coldStartsMs } from '../cold-import';
import type { Figure, Measure } from '../figure';
import { lambdaEnv, librariesLabel } from '../lambda-env';

/** Budgets of issue #10 (decision 0006). */
const vsBaselineBudget = 1.3;
const bundleBudgetKb = 1536;

const repoRoot = resolve(import.meta.dirname, '..', '..');
const wrapper = join(repoRoot, 'web', 'lambda', 'handler.ts');
const baselineApp = join(repoRoot, 'bench', 'web-baseline');
const baselineDir = join(scratchDir, 'web-baseline');
/** The CloudFront secret as the stack gives it to the function (and CloudFront sends it). */
const originSecret = 'bench-origin-secret';

/** What CloudFront forwards to the Function URL for the French home page. */
const homeEvent: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/fr',
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
      path: '/fr',
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

/** After the import: one `/fr` request, what a Lambda cold start costs the first visitor. */
const serveHome = [
  `const result = await handler(${JSON.stringify(homeEvent)});`,
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
 * The web Lambda (web/lambda/handler.ts over the whole SvelteKit server build, bundled as the CDK
 * does) from process start to its first `/fr` page, against its baseline: a minimal SvelteKit app
 * (bench/web-baseline, same adapter, same wrapper, same bundling) whose one page's server load uses
 * the same SDK clients and ElectroDB as the site's bundle holds (bench/baseline.ts), measured in
 * the same interleaved rounds with a hello-world handler. Bundle size budgeted; hello and the
 * absolute milliseconds printed for reference.
 *
 * The baseline's page loads every library the site's bundle holds; the site may load on `/fr` only
 * those of the domains that page uses (route modules and what they import are evaluated on their
 * first request), which is the point of building each domain on first use.
 */
export const measure: Measure = async () => {
  ensureSiteBuild();
  const web = await bundleHandler(wrapper);
  const libraries = baselineLibraries(web.metafile);
  await buildBaselineApp(libraries);
  const baseline = await bundleHandler(wrapper, { plugins: [baselineServer] });
  const hello = await bundleHandler('bench/hello.ts');
  try {
    const [webMs = Number.NaN, baselineMs = Number.NaN, helloMs = Number.NaN] = coldStartsMs(
      [web.file, baseline.file, hello.file],
      { env: { ...lambdaEnv, [originSecretEnv]: originSecret }, afterImport: serveHome },
    );
    const figures: Figure[] = [
      { name: 'web cold start vs baseline', value: webMs / baselineMs, unit: 'x', budget: vsBaselineBudget },
      { name: 'web bundle size', value: Math.round(web.bytes / 1024), unit: 'KB', budget: bundleBudgetKb },
      { name: 'web cold start', value: Math.round(webMs), unit: 'ms', budget: 'reference' },
      {
        name: `web baseline cold start (${librariesLabel(libraries)})`,
        value: Math.round(baselineMs),
        unit: 'ms',
        budget: 'reference',
      },
      {
        name: 'web baseline bundle size',
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
  }
};
