import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleWebServer } from '../bench/bundle';
import { modulesLoaded } from '../bench/cold-import';
import { measuredPage, servePage, webLambdaEnv } from '../bench/figures/web-cold-start';
import { repoRoot } from './constructs/parvis-function';

const site = join(repoRoot, 'web');

/**
 * PLAT-03 (decision 0012): the web server's asset is split per route, so a cold start loads the
 * runtime, the hooks and the page it serves, not every page of the site. Built from the real site
 * (`npm test` builds it before the unit tests), as the web stack builds its asset.
 */
describe('PLAT-03 the web server bundled per route', () => {
  let web: Bundle;

  beforeAll(async () => {
    if (!existsSync(join(site, 'build', 'server', 'manifest.js'))) {
      throw new Error('The SvelteKit build is missing: run `npm run web:build` first.');
    }
    web = await bundleWebServer(join(site, 'lambda', 'handler.ts'));
  });
  afterAll(() => {
    if (web) rmSync(dirname(web.file), { recursive: true, force: true });
  });

  const pageSources = (map: string) =>
    (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.filter((source) =>
      source.includes('web/build/server/entries/pages/'),
    );

  it('PLAT-03 the entry holds no page: every route is a chunk of its own', () => {
    expect(pageSources(`${web.file}.map`)).toEqual([]);
    const chunks = Object.keys(web.metafile.outputs).filter(
      (path) => path.includes('/chunks/') && path.endsWith('.mjs'),
    );
    expect(chunks.length).toBeGreaterThan(20);
  });

  it('PLAT-03 serving the log-in page loads its own page and none of the console, portal or calendar pages', () => {
    expect(measuredPage).toBe('/fr/connexion');
    const folder = `${dirname(web.file)}/`;
    const loaded = modulesLoaded(web.file, { env: webLambdaEnv, afterImport: servePage }).filter((file) =>
      file.startsWith(folder),
    );
    const pages = loaded.flatMap((file) => (existsSync(`${file}.map`) ? pageSources(`${file}.map`) : []));
    expect(pages.some((source) => source.includes('/connexion/'))).toBe(true);
    expect(
      pages.filter((source) => /\/(console|mon-dossier|organisme|compte|evenements)\//.test(source)),
    ).toEqual([]);
  });
});
