import type { FullConfig } from '@playwright/test';
import { portInUse } from '../../../infra/local/ports';
import { seedCalendarDemo, seedCalendarImages, seedSearchIndex } from '../../../infra/local/seed-calendar';
import { startTwin } from '../../../infra/local/twin';
import { startWeb } from '../../../infra/local/web-server';
import { env } from '../../../infra/wiring';
import { createDeps } from '../../../shared/adapters/create-deps';
import { s3FileStore } from '../../../shared/adapters/s3-files';
import { type E2eTwin, e2e } from './e2e';

/**
 * The browser tests run the production build of the site against their own twin (engines in
 * memory, every resource, the runner with the real functions, so e-mails really reach the SES
 * twin). Coordinates go to the test workers through the environment (see ./twin.ts).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  // Another server there would answer in our place, with another table: refuse to start.
  if (await portInUse(e2e.port)) {
    throw new Error(
      `Port ${e2e.port} is taken: stop what listens there, or set PARVIS_E2E_PORT to a free port.`,
    );
  }
  // The functions log warnings only, as in the unit tests (PARVIS_RUNNER_LOG=1 shows everything).
  const twin = await startTwin({
    siteUrl: e2e.origin,
    timers: false,
    log: false,
    env: { [env.logLevel]: process.env.PARVIS_RUNNER_LOG ? 'info' : 'warn' },
  });
  let web: Awaited<ReturnType<typeof startWeb>>;
  try {
    // The demo calendar (infra/local/seed-calendar.ts): the public pages' data (calendar.spec.ts, the access matrix).
    const deps = createDeps(twin.env, { component: 'e2e-seed' });
    await seedCalendarDemo(deps);
    // Pictures through the image pipeline for the first cards of the home page and the festival
    // only (about a second each); the other cards show their placeholder.
    await seedCalendarImages(deps, s3FileStore(twin.env), { limit: 6 });
    // CAL-10: the search file of that calendar, built once (search.spec.ts).
    await seedSearchIndex(deps, twin.env);
    web = await startWeb({
      // CAL-01: venue maps from tiles the browser tests serve themselves (page.route), never the network.
      env: {
        ...twin.env,
        [env.mapTiles]: `${e2e.origin}${e2e.mapTilesPath}/{z}/{x}/{y}.png`,
        [env.formSecret]: e2e.formSecret,
      },
      port: e2e.port,
      siteUrl: e2e.origin,
      functionsUrl: twin.controlUrl,
      onLine: process.env.PARVIS_WEB_LOG ? (line) => process.stdout.write(`[web] ${line}\n`) : undefined,
    });
  } catch (error) {
    await twin.stop();
    throw error;
  }
  const shared: E2eTwin = { env: twin.env, endpoints: twin.endpoints, controlUrl: twin.controlUrl };
  process.env[e2e.variable] = JSON.stringify(shared);
  return async () => {
    await web.stop();
    await twin.stop();
  };
}
