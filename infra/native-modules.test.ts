import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Stack } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { argon2Verify } from 'hash-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParvis, type ParvisStacks } from './app';
import {
  copyCommands,
  functionBundling,
  functionNativeModules,
  installedModules,
  nativeModuleCopies,
  nativeModuleInstall,
  nativeModuleManifest,
  packagedModules,
  prebuiltModules,
} from './bundling';
import { readConfig } from './config';
import { repoRoot } from './constructs/parvis-function';
import { serverPrebuilds } from './stacks/web-stack';
import { fixtureWebDir } from './test/parvis-app';

/**
 * PLAT-03 / ROLE-02: the web function's asset carries argon2 the way Lambda (nodejs24.x, arm64,
 * glibc) loads it, though it is built on this x64 machine: the bundle imports argon2 instead of
 * inlining it, and node_modules beside index.mjs holds argon2's JavaScript, its run-time
 * dependencies and the linux-arm64 glibc binary only (decision 0007, "Shipping the native binary").
 *
 * The whole app is synthesized as `cdk synth` does, with a stand-in SvelteKit build whose Lambda
 * entry hashes a password through shared/identity/password.ts, as the real server's log-in does.
 */

const aarch64 = 0xb7;
const x86_64 = 0x3e;
const password = 'correct horse battery staple';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/** The parts of an ELF header that say what a shared object runs on. */
function elfHeader(file: string) {
  const bytes = readFileSync(file);
  return {
    magic: bytes.subarray(0, 4).toString('latin1'),
    /** 2: 64-bit. */
    elfClass: bytes[4],
    /** 1: little-endian. */
    data: bytes[5],
    /** 3: ET_DYN, a shared object. */
    type: bytes.readUInt16LE(16),
    machine: bytes.readUInt16LE(18),
  };
}

function isElf(file: string): boolean {
  const bytes = readFileSync(file);
  return bytes.length >= 20 && bytes.subarray(0, 4).toString('latin1') === '\x7fELF';
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split(sep).join('/'))
    .sort();
}

/** The source files a bundle was made of, from its source map (names only: no sources content). */
function bundleSources(asset: string): string[] {
  const map = JSON.parse(readFileSync(join(asset, 'index.mjs.map'), 'utf8')) as { sources: string[] };
  return map.sources;
}

const sharpCode = /node_modules\/(sharp|@img|detect-libc|semver)\//;
const nativeCode = /node_modules\/(argon2|node-gyp-build|@phc\/format)\//;

describe('PLAT-03 the native argon2 in the Lambda assets (linux-arm64 glibc only, beside the bundle)', () => {
  let outdir: string;
  let webDir: string;
  let stacks: ParvisStacks;
  let app: App;
  let webAsset: string;

  /** The asset folder of every Lambda function of `stack`, by function name. */
  const functionAssets = (stack: Stack): Map<string, string> => {
    const template = app.synth().getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, Resource>;
    };
    const assets = new Map<string, string>();
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const path = resource.Metadata?.['aws:asset:path'];
      const name = resource.Properties.FunctionName;
      if (typeof path === 'string' && typeof name === 'string') assets.set(name, join(outdir, path));
    }
    return assets;
  };

  beforeAll(() => {
    // The entry must sit under the CDK project root (the repository): a scratch copy of the fixture
    // build in node_modules/.cache, its Lambda entry replaced by one that hashes a password.
    const scratch = join(repoRoot, 'node_modules', '.cache', 'parvis-native-modules');
    mkdirSync(scratch, { recursive: true });
    webDir = mkdtempSync(join(scratch, 'web-'));
    cpSync(fixtureWebDir, webDir, { recursive: true });
    const passwordModule = join(repoRoot, 'shared', 'identity', 'password.ts');
    const handler = [
      `import { hashPassword } from ${JSON.stringify(passwordModule)};`,
      'export const handler = async (event: { password: string }) => ({',
      '  statusCode: 200,',
      '  body: await hashPassword(event.password),',
      '});',
      '',
    ].join('\n');
    writeFileSync(join(webDir, 'lambda', 'handler.ts'), handler);

    outdir = mkdtempSync(join(tmpdir(), 'parvis-native-'));
    app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    stacks = createParvis(app, readConfig(app), { webDir });
    const web = functionAssets(stacks.web).get('parvis-dev-web');
    if (!web) throw new Error('No asset for parvis-dev-web');
    webAsset = web;
  });

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  it('PLAT-03 the web bundle imports argon2 and holds none of its code (nor node-gyp-build, @phc/format)', () => {
    const code = readFileSync(join(webAsset, 'index.mjs'), 'utf8');
    // Imported on the first hash (shared/identity/password.ts), never inlined.
    expect(code).toMatch(/import\("argon2"\)/);
    const sources = bundleSources(webAsset);
    // The password module is in: the entry really reaches argon2 through it.
    expect(sources.some((source) => source.endsWith('shared/identity/password.ts'))).toBe(true);
    expect(sources.filter((source) => nativeCode.test(source))).toEqual([]);
    expect(code).not.toContain('No native build was found');
    expect(code).not.toContain('__dirname');
  });

  it('PLAT-03 node_modules holds argon2, its two run-time dependencies, and one binary: linux-arm64 glibc', () => {
    const modules = join(webAsset, 'node_modules');
    expect(readdirSync(modules).sort()).toEqual(['@phc', 'argon2', 'node-gyp-build']);
    expect(readdirSync(join(modules, '@phc'))).toEqual(['format']);
    const argon2 = join(modules, 'argon2');
    expect(filesUnder(argon2)).toEqual([
      'LICENSE',
      'argon2.cjs',
      'package.json',
      'prebuilds/linux-arm64/argon2.armv8.glibc.node',
    ]);
    // A locally compiled build/Release/argon2.node would be loaded before the prebuilds (decision 0007).
    expect(existsSync(join(argon2, 'build'))).toBe(false);
    // Install- and build-time packages stay out.
    expect(existsSync(join(modules, 'node-addon-api'))).toBe(false);
    expect(existsSync(join(modules, 'cross-env'))).toBe(false);
    const bytes = filesUnder(modules).reduce((sum, file) => sum + statSync(join(modules, file)).size, 0);
    // All platforms' prebuilds would be about 0.9 MB.
    expect(bytes).toBeLessThan(200 * 1024);
  });

  it('PLAT-03 the binary is a 64-bit little-endian ELF shared object for aarch64, and no x64 binary is shipped', () => {
    const binary = join(webAsset, 'node_modules/argon2/prebuilds/linux-arm64/argon2.armv8.glibc.node');
    expect(elfHeader(binary)).toEqual({ magic: '\x7fELF', elfClass: 2, data: 1, type: 3, machine: aarch64 });
    // Every ELF file anywhere in the asset, whatever its name, is an aarch64 one.
    const elves = filesUnder(webAsset).filter((file) => isElf(join(webAsset, file)));
    expect(elves).toEqual(['node_modules/argon2/prebuilds/linux-arm64/argon2.armv8.glibc.node']);
    expect(filesUnder(webAsset).filter((file) => file.endsWith('.node'))).toEqual(elves);
    // The check can tell: the repository's own x64 prebuild is not aarch64.
    const hostBinary = join(repoRoot, 'node_modules/argon2/prebuilds/linux-x64/argon2.glibc.node');
    expect(elfHeader(hostBinary).machine).toBe(x86_64);
  });

  it('PLAT-03 argon2 and its dependencies resolve from the handler folder, inside the asset', () => {
    const fromHandler = createRequire(join(webAsset, 'index.mjs'));
    const main = fromHandler.resolve('argon2');
    expect(main).toBe(join(webAsset, 'node_modules/argon2/argon2.cjs'));
    const fromArgon2 = createRequire(main);
    expect(fromArgon2.resolve('node-gyp-build')).toBe(join(webAsset, 'node_modules/node-gyp-build/index.js'));
    expect(fromArgon2.resolve('@phc/format')).toBe(join(webAsset, 'node_modules/@phc/format/index.js'));
  });

  it('ROLE-02 the bundled handler, loaded as on Lambda arm64, picks the shipped binary and hashes a password', async () => {
    // node-gyp-build chooses the binary by os.arch(), which npm_config_arch overrides: the choice is
    // the one Lambda makes. Loading it needs an arm64 CPU, so the loader records the file chosen
    // and loads this machine's build of the same version instead; the JavaScript is the asset's.
    const argon2Dir = dirname(createRequire(import.meta.url).resolve('argon2/package.json'));
    const hostBinary = createRequire(join(argon2Dir, 'package.json'))('node-gyp-build').path(argon2Dir);
    const script = `
      import Module from 'node:module';
      const load = Module._extensions['.node'];
      const chosen = [];
      Module._extensions['.node'] = (module, file) => { chosen.push(file); return load(module, process.env.HOST_BINARY); };
      const { handler } = await import(process.env.BUNDLE);
      const result = await handler({ password: process.env.PASSWORD });
      const loaded = Object.keys(Module._cache);
      console.log('RESULT ' + JSON.stringify({ chosen, result, loaded }));`;
    const {
      PREBUILDS_ONLY: _prebuildsOnly,
      LIBC: _libc,
      ARGON2_PREBUILD: _prebuild,
      NODE_PATH: _nodePath,
      ...inherited
    } = process.env;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: webAsset,
      env: {
        ...inherited,
        npm_config_arch: 'arm64',
        npm_config_platform: 'linux',
        HOST_BINARY: hostBinary,
        BUNDLE: pathToFileURL(join(webAsset, 'index.mjs')).href,
        PASSWORD: password,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const { chosen, result, loaded } = JSON.parse(line?.slice('RESULT '.length) ?? '{}') as {
      chosen: string[];
      result: { statusCode: number; body: string };
      loaded: string[];
    };
    expect(chosen).toEqual([
      join(webAsset, 'node_modules/argon2/prebuilds/linux-arm64/argon2.armv8.glibc.node'),
    ]);
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await argon2Verify({ hash: result.body, password })).toBe(true);
    // Every module the handler loaded from a node_modules was the asset's, none the repository's.
    const packages = loaded.filter((file) => file.includes(`${sep}node_modules${sep}`));
    expect(packages).toContain(join(webAsset, 'node_modules/argon2/argon2.cjs'));
    expect(packages.filter((file) => !file.startsWith(`${webAsset}${sep}`))).toEqual([]);
  });

  it('PLAT-03 no other function bundles or ships argon2 (functions/ never import it); only those of functionNativeModules ship a node_modules', () => {
    const assets = functionAssets(stacks.functions);
    expect(assets.size).toBeGreaterThan(0);
    for (const [name, asset] of assets) {
      const wiringName = name.replace(/^parvis-dev-/, '');
      expect(existsSync(join(asset, 'node_modules')), name).toBe(wiringName in functionNativeModules);
      expect(readFileSync(join(asset, 'index.mjs'), 'utf8'), name).not.toMatch(/["']argon2["']/);
      expect(
        bundleSources(asset).filter((source) => nativeCode.test(source)),
        name,
      ).toEqual([]);
      if (!(wiringName in functionNativeModules)) {
        expect(readFileSync(join(asset, 'index.mjs'), 'utf8'), name).not.toMatch(/["']sharp["']/);
      }
    }
  });

  it('PLAT-03 one list of native modules: esbuild externals, adapter-node externals (web/package.json), the asset copies', () => {
    const web = JSON.parse(readFileSync(join(repoRoot, 'web', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // The web server ships argon2 only: sharp is the process-image function's (decision 0010).
    expect(Object.keys(web.dependencies ?? {})).toEqual([...prebuiltModules]);
    expect([...functionBundling.externalModules].sort()).toEqual(
      [...prebuiltModules, ...installedModules, ...packagedModules].sort(),
    );
    for (const [name, range] of Object.entries(web.dependencies ?? {})) {
      expect(root.dependencies[name], name).toBe(range);
    }
    const copies = nativeModuleCopies(serverPrebuilds);
    expect(copies.map((copy) => copy.to)).toEqual(
      expect.arrayContaining(['node_modules/argon2/package.json', 'node_modules/node-gyp-build']),
    );
    // A target without a binary fails synthesis instead of deploying a function that cannot start.
    expect(() => nativeModuleCopies({ platform: 'linux', arch: 'riscv64', libc: 'glibc' })).toThrow(
      /no prebuilt glibc binary for linux-riscv64/,
    );
    // Paths with spaces and quotes survive the shell.
    expect(copyCommands([{ from: "/a b/it's", to: 'node_modules/x' }], '/out dir')).toEqual([
      `mkdir -p '/out dir/node_modules' && cp -R '/a b/it'\\''s' '/out dir/node_modules/x'`,
    ]);
  });

  /**
   * ORG-06 / PLAT-03: the process-image function's asset carries sharp the way Lambda (nodejs24.x,
   * arm64, glibc) loads it, installed at synthesis for that platform at the lockfile's versions
   * (decision 0010, "Shipping sharp to Lambda arm64"): the bundle imports sharp, node_modules holds
   * sharp, its run-time dependencies and the linux-arm64 packages only, every binary is aarch64. As
   * for argon2, the arm64 binary cannot run on this x64 machine: the first deployed crop is its test.
   */
  describe('ORG-06 sharp in the process-image asset (linux-arm64 glibc only)', () => {
    let asset: string;

    beforeAll(() => {
      const found = functionAssets(stacks.functions).get('parvis-dev-process-image');
      if (!found) throw new Error('No asset for parvis-dev-process-image');
      asset = found;
    });

    it('ORG-06 the bundle imports sharp and holds none of its code; the image pipeline is in it', () => {
      const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
      expect(code).toMatch(/from\s*"sharp"/);
      const sources = bundleSources(asset);
      expect(sources.some((source) => source.endsWith('shared/images/crops.ts'))).toBe(true);
      expect(sources.filter((source) => sharpCode.test(source))).toEqual([]);
    });

    it('ORG-06 node_modules holds sharp, its dependencies and the arm64 packages, at the lockfile’s versions, and no package.json is left', () => {
      const modules = join(asset, 'node_modules');
      expect(readdirSync(modules).sort()).toEqual(['@img', 'detect-libc', 'semver', 'sharp']);
      expect(readdirSync(join(modules, '@img')).sort()).toEqual([
        'colour',
        'sharp-libvips-linux-arm64',
        'sharp-linux-arm64',
      ]);
      const { dependencies, platformPackages } = nativeModuleManifest({
        platform: 'linux',
        arch: 'arm64',
        libc: 'glibc',
      });
      for (const [name, version] of Object.entries({ ...dependencies, ...platformPackages })) {
        const installed = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
          version: string;
        };
        expect(installed.version, name).toBe(version);
      }
      expect(existsSync(join(asset, 'package.json'))).toBe(false);
      const bytes = filesUnder(modules).reduce((sum, file) => sum + statSync(join(modules, file)).size, 0);
      // About 20 MB unpacked (libvips); Lambda allows 250 MB.
      expect(bytes).toBeLessThan(40 * 1024 * 1024);
    });

    it('ORG-06 every ELF file in the asset is a 64-bit aarch64 shared object (sharp’s addon and libvips)', () => {
      const elves = filesUnder(asset).filter((file) => isElf(join(asset, file)));
      expect(elves.some((file) => /sharp-linux-arm64-[\d.]+\.node$/.test(file))).toBe(true);
      expect(elves.some((file) => /libvips-cpp\.so/.test(file))).toBe(true);
      for (const file of elves) {
        expect(elfHeader(join(asset, file)), file).toEqual({
          magic: '\x7fELF',
          elfClass: 2,
          data: 1,
          type: 3,
          machine: aarch64,
        });
      }
      expect(filesUnder(asset).filter((file) => /x64|x86/.test(file))).toEqual([]);
    });

    it('ORG-06 sharp and its arm64 packages resolve from the handler folder, inside the asset', () => {
      const fromHandler = createRequire(join(asset, 'index.mjs'));
      const main = fromHandler.resolve('sharp');
      expect(main.startsWith(join(asset, 'node_modules/sharp/'))).toBe(true);
      const fromSharp = createRequire(main);
      // What sharp requires at run time on Lambda: `@img/sharp-linux-arm64/sharp.node`.
      expect(fromSharp.resolve('@img/sharp-linux-arm64/sharp.node')).toBe(
        join(asset, 'node_modules/@img/sharp-linux-arm64/index.cjs'),
      );
      expect(fromSharp.resolve('@img/sharp-linux-arm64/package')).toBe(
        join(asset, 'node_modules/@img/sharp-linux-arm64/package.json'),
      );
      expect(fromSharp.resolve('detect-libc')).toContain(join(asset, 'node_modules/detect-libc/'));
    });

    it('ORG-06 the install command names the target and exact versions, and works from the cache', () => {
      const commands = nativeModuleInstall({ platform: 'linux', arch: 'arm64', libc: 'glibc' }, '/out dir');
      expect(commands[0]).toContain('"sharp":"');
      expect(commands[1]).toMatch(/^npm install --prefix '\/out dir' --os=linux --cpu=arm64 --libc=glibc /);
      expect(commands[1]).toContain('--ignore-scripts');
      expect(commands[1]).toContain('--prefer-offline');
      // A target the lockfile has no package for fails synthesis.
      expect(() => nativeModuleManifest({ platform: 'linux', arch: 'riscv32', libc: 'glibc' })).toThrow(
        /sharp has no package for linux-riscv32/,
      );
    });
  });
});
