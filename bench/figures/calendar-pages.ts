import { calendarSite, publishedEvents } from '../calendar-site';
import type { Figure, Measure } from '../figure';
import { measureRequests, ms, quantile } from '../latency';

/**
 * Issue #12 point 3: the home page and an event sheet answer their first byte within p95 200 ms
 * at 10 concurrent clients, over 2,000 published events.
 */
const ttfbP95Budget = 200;
const concurrency = 10;
const requests = 1_000;
const warmUp = 100;
/** Each page's measure stops taking new requests after this long (a bounded run on a busy machine). */
const measureLimitMs = 90_000;
/** The sheets asked in turn: spread over the seeded events, so no one item stays in a cache. */
const sheets = 50;

/**
 * The public calendar's pages through the built site (web/build on Node, adapter-node) over an
 * in-memory twin holding 2,000 published events (bench/calendar-site.ts), as anonymous visitors
 * without JavaScript ask them: `/fr` (the calendar's first page, « À la une » and the cards by day)
 * and `/fr/evenements/<slug>` in turn over 50 sheets. Ten clients at once, each sending its next
 * request when the last one answered (keep-alive connections), 100 requests of warm-up then 1,000
 * measured per page (fewer if 90 s pass: the figure's name says how many). The time to first byte
 * is from the request to its status line and headers (the server renders the page before it
 * sends them); the whole response's time is printed for reference. Every answer must be a 200
 * with the page's content, or the measure fails.
 *
 * This is the origin, uncached: in production CloudFront answers most of these requests from its
 * cache (public pages are `s-maxage=60, stale-while-revalidate=300`, public-cache.ts), so the figure
 * is what a visitor waits for on a miss, with the server and DynamoDB Local sharing this machine's
 * two cores (on AWS the table is not on the function's CPU).
 */
export const measure: Measure = async () => {
  const site = await calendarSite();
  try {
    const slugs = Array.from(
      { length: sheets },
      (_, i) => site.slugs[Math.floor((i * site.slugs.length) / sheets)] as string,
    );
    // Cards grouped by day: the calendar has events to show, not its empty state.
    const home = await pageFigures(site.origin, 'home page /fr', () => '/fr', 'class="day-heading');
    const sheet = await pageFigures(
      site.origin,
      `event sheet (${sheets} in turn)`,
      (i) => `/fr/evenements/${encodeURIComponent(slugs[i % sheets] as string)}`,
      'application/ld+json',
    );
    return [
      ...home,
      ...sheet,
      {
        name: `seeding ${site.published.toLocaleString('en')} published events (use cases)`,
        value: Math.round(site.seedSeconds * 10) / 10,
        unit: 's',
        budget: 'reference',
      },
    ];
  } catch (error) {
    if (site.lines.length > 0) console.error(`web server's last lines:\n${site.lines.slice(-20).join('\n')}`);
    throw error;
  }
};

async function pageFigures(
  origin: string,
  label: string,
  path: (index: number) => string,
  mark: string,
): Promise<Figure[]> {
  let ttfb: number[] = [];
  let whole: number[] = [];
  const ask = async (index: number) => {
    const started = performance.now();
    const response = await fetch(`${origin}${path(index)}`, {
      headers: { accept: 'text/html', 'accept-language': 'fr-CA,fr;q=0.9' },
      redirect: 'manual',
    });
    const firstByte = performance.now() - started;
    const body = await response.text();
    if (response.status !== 200 || !body.includes(mark)) {
      throw new Error(
        `${path(index)} answered ${response.status} without ${mark} (a stale web/build? run npm run web:build): ${body.slice(0, 300)}`,
      );
    }
    ttfb.push(firstByte);
    whole.push(performance.now() - started);
  };
  await measureRequests(warmUp, concurrency, ask);
  ttfb = [];
  whole = [];
  const deadline = performance.now() + measureLimitMs;
  await measureRequests(requests, concurrency, async (index) => {
    if (performance.now() < deadline) await ask(warmUp + index);
  });
  const name = `${label} TTFB, ${concurrency} clients, ${publishedEvents.toLocaleString('en')} events`;
  return [
    {
      name: `${name}, p95 of ${ttfb.length}`,
      value: ms(quantile(ttfb, 0.95)),
      unit: 'ms',
      budget: ttfbP95Budget,
    },
    { name: `${label} TTFB median`, value: ms(quantile(ttfb, 0.5)), unit: 'ms', budget: 'reference' },
    {
      name: `${label} whole response p95`,
      value: ms(quantile(whole, 0.95)),
      unit: 'ms',
      budget: 'reference',
    },
  ];
}
