import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..');

/**
 * `npm run web:build` when the site's build is missing, as on a fresh clone: the figures that go
 * through the web server run web/build as `npm start` does. An existing build is used as it is.
 */
export function ensureSiteBuild(): void {
  const files = ['index.js', join('server', 'index.js'), join('server', 'manifest.js')];
  if (files.every((file) => existsSync(join(repoRoot, 'web', 'build', file)))) return;
  console.error('bench: web/build is missing, building the site (npm run web:build)');
  const result = spawnSync('npm', ['run', '--silent', 'web:build'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run web:build failed:\n${result.stdout}\n${result.stderr}`);
}
