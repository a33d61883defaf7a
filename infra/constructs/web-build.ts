import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the pieces of a SvelteKit build (adapter-node + web/lambda wrapper) are. */
export interface WebBuild {
  /** The SvelteKit project (web/). */
  root: string;
  /** web/lambda/handler.ts: the Lambda entry. */
  handler: string;
  /** build/client: static files for the assets bucket. */
  client: string;
  /** build/client/_app/immutable: content-hashed files. */
  immutable: string;
  /** build/prerendered: pages rendered at build time (may not exist). */
  prerendered: string;
  /** The entries at the top of build/client, one CloudFront behaviour each. */
  topLevel: Dirent[];
}

/** Fails synthesis with the fix when the SvelteKit build is not there yet. */
export function requireWebBuild(webDir: string): WebBuild {
  const client = join(webDir, 'build', 'client');
  const server = join(webDir, 'build', 'server');
  const handler = join(webDir, 'lambda', 'handler.ts');
  if (!existsSync(client) || !existsSync(server)) {
    throw new Error(
      `The SvelteKit build is missing (${client}). Run \`npm run web:build\` first; \`cdk deploy\` does it through the "build" command of cdk.json.`,
    );
  }
  if (!existsSync(handler)) throw new Error(`The Lambda wrapper of the site is missing: ${handler}.`);
  return {
    root: webDir,
    handler,
    client,
    immutable: join(client, '_app', 'immutable'),
    prerendered: join(webDir, 'build', 'prerendered'),
    topLevel: readdirSync(client, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.')),
  };
}
