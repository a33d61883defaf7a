import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { loopback } from '../../infra/local/ports';
import { chromiumFlags } from '../../shared/adapters/chromium-flags';
import { scratchDir } from '../bundle';
import { calendarSite } from '../calendar-site';
import type { Figure, Measure } from '../figure';

/** Issue #12 point 3: Lighthouse at phone size on the home page and an event sheet. */
const minimumScores = { performance: 90, accessibility: 95, seo: 95 } as const;
const clsBudget = 0.05;
/** Runs per page; the figures are the median run's (Lighthouse's `computeMedianRun`: FCP and TTI). */
const runs = 3;

type Category = keyof typeof minimumScores;
const categories = Object.keys(minimumScores) as Category[];

/**
 * The Chromium of the browser tests (Debian's, as playwright.config.ts launches it), headless and
 * with nothing that reaches out: no background networking, component updates, sync, QUIC or
 * first-run tasks (added to chrome-launcher's own defaults, which already turn off translation,
 * optimization hints, the media router, autofill's server and phishing checks).
 */
const chromium = '/usr/bin/chromium';
const chromeFlags = [...chromiumFlags, '--disable-domain-reliability', '--no-pings'];

/**
 * Lighthouse 13 (run from Node, its default configuration: the mobile form factor, a Moto G
 * Power-sized screen, and its default simulated throttling, i.e. a slow 4G link and a CPU four
 * times slower than this machine's, computed from the real trace) on the French home page and one
 * event sheet of the seeded site (bench/calendar-site.ts: the built server over 2,000 published
 * events, on loopback), three runs each. Performance, accessibility and SEO scores are held to
 * 90, 95 and 95, the cumulative layout shift to 0.05; the first and largest contentful paints
 * and the total blocking time are printed for reference. The site is served by adapter-node on
 * loopback behind a small proxy that compresses text as CloudFront does (`compressingProxy`); no
 * HTTP/2 and no edge cache: the origin's pages as a CDN would deliver them on a miss.
 *
 * Offline: the pages have no third-party resource, Chromium's own calls home are off (above) and
 * Lighthouse sends nothing (its error reporting is off unless asked). When a figure misses its
 * budget, the audits that cost it points are printed on stderr and the median run's report is
 * kept in node_modules/.cache/parvis-bench/lighthouse-<page>.json.
 */
export const measure: Measure = async () => {
  const site = await calendarSite();
  const sheet = await sheetWithPicture(site.origin);
  const pages: [string, string][] = [
    ['home', '/fr'],
    ['sheet', sheet],
  ];
  const cdn = await compressingProxy(site.origin);
  mkdirSync(scratchDir, { recursive: true });
  const profile = mkdtempSync(join(scratchDir, 'lighthouse-profile-'));
  const chrome = await chromeLauncher.launch({
    chromePath: chromium,
    chromeFlags,
    userDataDir: profile,
    logLevel: 'silent',
    handleSIGINT: false,
  });
  try {
    const figures: Figure[] = [];
    for (const [page, path] of pages) {
      const results: Result[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(`${cdn.origin}${path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...categories],
          disableFullPageScreenshot: true,
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        if (result.lhr.runtimeError)
          throw new Error(`Lighthouse on ${path}: ${result.lhr.runtimeError.message}`);
        results.push(result.lhr);
      }
      figures.push(...pageFigures(page, path, computeMedianRun(results), results));
    }
    return figures;
  } finally {
    chrome.kill();
    rmSync(profile, { recursive: true, force: true });
    await new Promise((resolve) => cdn.server.close(resolve));
  }
};

/**
 * The sheet measured: the first event of the home page with a picture (a sheet's largest paint is
 * its image), the festival aside (its description embeds a video player, which cannot load offline).
 */
async function sheetWithPicture(origin: string): Promise<string> {
  const home = await (await fetch(`${origin}/fr`)).text();
  const paths = [
    ...new Set([...home.matchAll(/href="(\/fr\/evenements\/[^"/?#]+)"/g)].map((m) => m[1] as string)),
  ];
  for (const path of paths.filter((path) => !path.includes('festi-jazz'))) {
    const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
    if (response.status === 200 && (await response.text()).includes('<picture')) return path;
  }
  throw new Error('no event sheet of the home page has a picture');
}

/**
 * What CloudFront does to the origin's answers that matters to a page load (infra/stacks/web-stack.ts
 * `compress: true`): text compressed (gzip here) when the browser accepts it. Everything else goes
 * through as it is; the site's build is not precompressed (web/svelte.config.js).
 */
async function compressingProxy(origin: string): Promise<{ origin: string; server: Server }> {
  const target = new URL(origin);
  const server = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host, 'accept-encoding': 'identity' },
      },
      (answer) => {
        const type = String(answer.headers['content-type'] ?? '');
        const compress =
          /gzip/.test(String(incoming.headers['accept-encoding'] ?? '')) &&
          /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json)|image\/svg)/.test(type) &&
          !answer.headers['content-encoding'];
        const headers = { ...answer.headers };
        if (compress) {
          delete headers['content-length'];
          headers['content-encoding'] = 'gzip';
          headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
        }
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        (compress ? answer.pipe(createGzip()) : answer).pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://${loopback}:${port}`, server };
}

function pageFigures(page: string, path: string, lhr: Result, all: Result[]): Figure[] {
  const label = `lighthouse ${page} ${path} (phone)`;
  const figures: Figure[] = [];
  let missed = false;
  for (const category of categories) {
    const score = Math.round((lhr.categories[category]?.score ?? Number.NaN) * 100);
    const others = all.map((run) => Math.round((run.categories[category]?.score ?? Number.NaN) * 100));
    figures.push({
      name: `${label} ${category} (runs: ${others.join(', ')})`,
      value: score,
      unit: 'score',
      budget: minimumScores[category],
      kind: 'min',
    });
    if (!(score >= minimumScores[category])) {
      missed = true;
      console.error(`${label}: ${category} ${score}, what cost points:\n${lostPoints(lhr, category)}`);
    }
  }
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const cls = metric('cumulative-layout-shift');
  if (!(cls <= clsBudget)) missed = true;
  figures.push(
    { name: `${label} cumulative layout shift`, value: cls, unit: '', budget: clsBudget, decimals: 3 },
    {
      name: `${label} first contentful paint (simulated)`,
      value: Math.round(metric('first-contentful-paint')),
      unit: 'ms',
      budget: 'reference',
    },
    {
      name: `${label} largest contentful paint (simulated)`,
      value: Math.round(metric('largest-contentful-paint')),
      unit: 'ms',
      budget: 'reference',
    },
    {
      name: `${label} total blocking time (simulated)`,
      value: Math.round(metric('total-blocking-time')),
      unit: 'ms',
      budget: 'reference',
    },
  );
  if (missed) {
    const file = join(scratchDir, `lighthouse-${page}.json`);
    writeFileSync(file, JSON.stringify(lhr, null, 1));
    console.error(`${label}: the median run's report is in ${file}`);
  }
  return figures;
}

/** The audits of `category` that did not score full marks, the heaviest first, with their weight. */
function lostPoints(lhr: Result, category: Category): string {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  return refs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 1)
    .sort((a, b) => b.ref.weight - a.ref.weight)
    .map(
      ({ ref, audit }) =>
        `  - ${ref.id} (weight ${ref.weight}, score ${audit?.score}): ${audit?.title}${audit?.displayValue ? ` — ${audit.displayValue}` : ''}`,
    )
    .join('\n');
}
