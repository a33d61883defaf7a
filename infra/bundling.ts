import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * How every Parvis function is bundled and started, in one place: the CDK construct deploys with
 * these settings and `npm run bench` measures bundles built with them, so the figures are those of
 * what runs on Lambda. Everything is bundled as is, the AWS SDK clients included: no module is
 * aliased or stubbed, so the bundles run the code the unbundled tests run (decision 0006). The one
 * exception is `externalModules`.
 */
export const functionBundling = {
  target: 'node24',
  /**
   * Native addons, never inlined: `argon2` loads its `.node` binary through node-gyp-build, which
   * looks for it beside the package's own files (`__dirname`), so inlined it cannot even start;
   * `sharp` requires its platform's package (`@img/sharp-<platform>-<arch>`) at run time, and
   * inlined it fails at start-up even on this machine (decision 0010). Kept as an `import`
   * instead, resolved from node_modules at run time: the repository's for the bench and the local
   * runner, the asset's on Lambda, where a function that uses one must ship it (argon2:
   * `nativeModuleCopies`, the web server, decision 0007; sharp: `nativeModuleInstall`, the
   * functions of `functionNativeModules`). No other function may import one
   * (infra/native-modules.test.ts). `@sparticuz/chromium` is plain JavaScript but reads its own
   * `bin/` beside its files at run time, so inlined it finds nothing (its README: externalize it);
   * it is shipped by copy (`packagedModules`).
   */
  externalModules: ['argon2', 'sharp', '@sparticuz/chromium'],
  /** ESM builds of dependencies first: they tree-shake, CommonJS ones do not. */
  mainFields: ['module', 'main'],
  /**
   * Lets bundled CommonJS dependencies call `require` inside the ESM output. Named so it cannot
   * clash with a binding of the bundle.
   */
  banner:
    "import { createRequire as __parvisCreateRequire } from 'node:module'; const require = __parvisCreateRequire(import.meta.url);",
  minify: true,
  /**
   * The map goes beside the bundle, but Lambda runs without `--enable-source-maps`, which parses it
   * at every cold start: the logger maps stack frames through it only when it logs an error
   * (shared/kernel/logger.ts, decision 0005).
   */
  sourceMap: true,
  /**
   * The map names the sources without embedding them: the logger needs only file, line and column,
   * and the map it parses on the first logged error is then 1.2 MB instead of 3.3 MB (send-email).
   */
  sourcesContent: false,
} as const;

/**
 * esbuild's options for bundling one handler as the CDK deploys it: what `npm run bench` measures
 * and what the local runner's containers load, so both run the deployed shape of the code.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: functionBundling.target,
    mainFields: [...functionBundling.mainFields],
    external: [...functionBundling.externalModules],
    banner: { js: functionBundling.banner },
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    sourcesContent: functionBundling.sourcesContent,
    logLevel: 'error',
  };
}

/**
 * Native addons that carry every platform's binary in their own package (prebuildify's
 * `prebuilds/`), shipped by copying from the repository's node_modules (`nativeModuleCopies`).
 */
export const prebuiltModules = ['argon2'] as const;

/**
 * Native addons whose binary is an optional dependency per platform (`@img/sharp-linux-arm64`),
 * which `npm ci` on this x64 machine never installs: shipped by an install for the function's
 * platform into its asset (`nativeModuleInstall`).
 */
export const installedModules = ['sharp'] as const;

/**
 * Packages that read their own files at run time, not native addons: `@sparticuz/chromium` inflates
 * `bin/chromium.br` (and its fonts and libraries) from its own folder on a container's first render.
 * Shipped whole by copy from the repository's node_modules with their run-time dependencies
 * (`packageCopies`); its npm package holds the x64 binary only (decision 0016).
 */
export const packagedModules = ['@sparticuz/chromium'] as const;

export type ShippedModule = (typeof installedModules)[number] | (typeof packagedModules)[number];

/**
 * Which queue or schedule function (wiring name) may import which external module, and ships it.
 * The web server ships `prebuiltModules` (argon2); no other function imports any (tested).
 */
export const functionNativeModules: Record<string, readonly ShippedModule[]> = {
  'process-image': ['sharp'],
  'send-order-documents': ['@sparticuz/chromium'],
};

/**
 * Functions that cannot run on Graviton: `@sparticuz/chromium`'s npm package carries an x86-64
 * Chromium only (arm64 would need `@sparticuz/chromium-min` and a pack downloaded from the project's
 * releases, decision 0016), so the PDF function runs on x86_64. Every other function is arm64.
 */
export const functionArchitectures: Record<string, 'x86_64'> = {
  'send-order-documents': 'x86_64',
};

/** Which prebuilt binaries of a native addon an asset carries: the function's platform and C library. */
export interface PrebuildTarget {
  platform: 'linux';
  /** `arm64` or `x86_64` as Lambda names them; `x64` as Node does. */
  arch: string;
  /** Lambda's Node.js runtimes run on Amazon Linux (glibc); musl is for Alpine. */
  libc: 'glibc' | 'musl';
}

/** One file or folder to copy into an asset: `from` absolute, `to` relative to the asset's root. */
export interface AssetCopy {
  from: string;
  to: string;
}

/**
 * Dependencies a native addon declares that only its install or compilation uses: `cross-env` runs
 * its install script, `node-addon-api` is C++ headers. Nothing requires them at run time.
 */
const installOnlyDependencies = new Set(['cross-env', 'node-addon-api', 'node-gyp']);

/** Resolves packages the way the bundle would at synthesis: from the repository's node_modules. */
const repoRequire = createRequire(import.meta.url);

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
}

function packageDir(name: string, from: NodeJS.Require): string {
  return dirname(from.resolve(`${name}/package.json`));
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * What a function's asset needs in `node_modules` to load `modules` (native addons kept external
 * by `functionBundling.externalModules`) on `target`, copied from the repository's node_modules: no
 * install, no network. Of each addon: its package.json, its top-level JavaScript and licence, and
 * the binaries of `prebuilds/<platform>-<arch>` for `libc` only; never its sources nor a
 * `build/` folder (node-gyp-build would load a locally compiled `build/Release/*.node`, of this
 * machine's architecture, before the prebuilds; decision 0007). Its run-time dependencies (plain
 * JavaScript) are copied whole, flat under node_modules, recursively. Fails synthesis when a binary
 * for the target is missing, rather than deploying a function that cannot start.
 */
export function nativeModuleCopies(
  target: PrebuildTarget,
  modules: readonly string[] = prebuiltModules,
): AssetCopy[] {
  const copies: AssetCopy[] = [];
  const shipped = new Map<string, string>();
  const tuple = `${target.platform}-${target.arch === 'x86_64' ? 'x64' : target.arch}`;

  const ship = (name: string, dir: string) => {
    const seen = shipped.get(name);
    if (seen !== undefined) {
      if (seen !== dir) throw new Error(`Two copies of ${name} needed (${seen}, ${dir}): not supported.`);
      return false;
    }
    shipped.set(name, dir);
    return true;
  };
  const shipDependencies = (dir: string) => {
    const pkgRequire = createRequire(join(dir, 'package.json'));
    for (const dependency of Object.keys(readPackage(dir).dependencies ?? {})) {
      if (installOnlyDependencies.has(dependency)) continue;
      const dependencyDir = packageDir(dependency, pkgRequire);
      if (!ship(dependency, dependencyDir)) continue;
      copies.push({ from: dependencyDir, to: join('node_modules', dependency) });
      shipDependencies(dependencyDir);
    }
  };

  for (const name of modules) {
    const dir = packageDir(name, repoRequire);
    ship(name, dir);
    const to = join('node_modules', name);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && /^(package\.json|.*\.[cm]?js|licen[cs]e.*)$/i.test(entry.name)) {
        copies.push({ from: join(dir, entry.name), to: join(to, entry.name) });
      }
    }
    const prebuilds = join(dir, 'prebuilds', tuple);
    let binaries: string[] = [];
    try {
      // prebuildify's names: <name>[.armv8].<libc>.node; no libc tag means glibc.
      binaries = readdirSync(prebuilds).filter(
        (file) =>
          file.endsWith('.node') &&
          (file.includes(`.${target.libc}.`) || (target.libc === 'glibc' && !/\.(glibc|musl)\./.test(file))),
      );
    } catch {
      // No folder for this platform: reported below.
    }
    if (binaries.length === 0) {
      throw new Error(`${name} has no prebuilt ${target.libc} binary for ${tuple} (looked in ${prebuilds}).`);
    }
    for (const file of binaries) {
      copies.push({ from: join(prebuilds, file), to: join(to, 'prebuilds', tuple, file) });
    }
    shipDependencies(dir);
  }
  return copies;
}

/**
 * What a function's asset needs in `node_modules` to load `modules` (of `packagedModules`): each
 * package's package.json, licence and the folders its `files` ship (for @sparticuz/chromium
 * `build/` and `bin/`), and its run-time dependencies (plain JavaScript), whole, flat under
 * node_modules, recursively; optional dependencies are left out (tar-fs's are for the Bare runtime).
 * Copied from the repository's node_modules at the lockfile's versions: no install, no network.
 */
export function packageCopies(modules: readonly string[] = packagedModules): AssetCopy[] {
  // By node_modules lookup, not `require.resolve('<name>/package.json')`: packages with `exports`
  // (@sparticuz/chromium, tar-fs) do not export their package.json.
  const packageDir = (name: string, from: NodeJS.Require) => {
    const found = (from.resolve.paths(name) ?? [])
      .map((folder) => join(folder, name))
      .find((folder) => existsSync(join(folder, 'package.json')));
    if (!found) throw new Error(`${name} is not installed (npm ci).`);
    return found;
  };
  const copies: AssetCopy[] = [];
  const shipped = new Map<string, string>();
  const ship = (name: string, dir: string) => {
    const seen = shipped.get(name);
    if (seen !== undefined) {
      if (seen !== dir) throw new Error(`Two copies of ${name} needed (${seen}, ${dir}): not supported.`);
      return false;
    }
    shipped.set(name, dir);
    return true;
  };
  const shipDependencies = (dir: string) => {
    const pkgRequire = createRequire(join(dir, 'package.json'));
    for (const dependency of Object.keys(readPackage(dir).dependencies ?? {})) {
      const dependencyDir = packageDir(dependency, pkgRequire);
      if (!ship(dependency, dependencyDir)) continue;
      copies.push({ from: dependencyDir, to: join('node_modules', dependency) });
      shipDependencies(dependencyDir);
    }
  };
  for (const name of modules) {
    const dir = packageDir(name, repoRequire);
    ship(name, dir);
    const to = join('node_modules', name);
    const { files = [] } = readPackage(dir) as PackageJson & { files?: string[] };
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const wanted = entry.isFile()
        ? /^(package\.json|licen[cs]e.*)$/i.test(entry.name)
        : entry.isDirectory() && files.includes(entry.name);
      if (wanted) copies.push({ from: join(dir, entry.name), to: join(to, entry.name) });
    }
    shipDependencies(dir);
  }
  return copies;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * `copies` as shell commands for a NodejsFunction's `commandHooks.afterBundling`: local bundling
 * runs them with bash after esbuild, in the asset's output folder (the sources are read where they
 * are, so Docker bundling, which the Parvis functions never use, is not supported).
 */
export function copyCommands(copies: readonly AssetCopy[], outputDir: string): string[] {
  return copies.map(({ from, to }) => {
    const destination = join(outputDir, to);
    return `mkdir -p ${shellQuote(dirname(destination))} && cp -R ${shellQuote(from)} ${shellQuote(destination)}`;
  });
}

interface LockfileEntry {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

function lockfilePackages(): Record<string, LockfileEntry> {
  const root = dirname(repoRequire.resolve('../package.json'));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockfileEntry>;
  };
  return lock.packages;
}

/**
 * What a function's asset needs in `node_modules` to load `modules` (of `installedModules`) on
 * `target`: the exact versions of the root lockfile of each module and of its run-time
 * dependencies, and of its platform packages for `target` (for sharp: `@img/sharp-linux-arm64`
 * and `@img/sharp-libvips-linux-arm64`, which the module pins exactly). Fails synthesis when the
 * lockfile has no package for the target, rather than deploying a function that cannot start.
 */
export function nativeModuleManifest(
  target: PrebuildTarget,
  modules: readonly string[] = installedModules,
): { dependencies: Record<string, string>; platformPackages: Record<string, string> } {
  const packages = lockfilePackages();
  const tuple = `${target.platform}-${target.arch === 'x86_64' ? 'x64' : target.arch}`;
  const dependencies: Record<string, string> = {};
  const platformPackages: Record<string, string> = {};
  const entryOf = (name: string) => {
    const entry = packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in package-lock.json.`);
    return entry;
  };
  const add = (name: string) => {
    if (dependencies[name]) return;
    const entry = entryOf(name);
    dependencies[name] = entry.version;
    for (const dependency of Object.keys(entry.dependencies ?? {})) add(dependency);
  };
  for (const name of modules) {
    add(name);
    // The module's platform packages for the target: `<scope>/<name>[-libvips]-<tuple>`, pinned.
    const optional = entryOf(name).optionalDependencies ?? {};
    const forTarget = Object.entries(optional).filter(([dependency]) => dependency.endsWith(`-${tuple}`));
    if (forTarget.length === 0) throw new Error(`${name} has no package for ${tuple}.`);
    for (const [dependency, pinned] of forTarget) {
      const entry = entryOf(dependency);
      if (entry.version !== pinned) {
        throw new Error(`${dependency}: ${name} pins ${pinned}, package-lock.json has ${entry.version}.`);
      }
      if (target.libc === 'glibc' && entry.libc && !entry.libc.includes('glibc')) {
        throw new Error(`${dependency} is not for glibc.`);
      }
      platformPackages[dependency] = entry.version;
    }
  }
  return { dependencies, platformPackages };
}

/**
 * Shell commands for a NodejsFunction's `commandHooks.afterBundling` that install `modules` into the
 * asset's node_modules for `target` (decision 0010, "Shipping sharp to Lambda arm64"): a
 * package.json naming the exact versions of `nativeModuleManifest`, then `npm install` for the
 * target's OS, CPU and C library, without scripts, without a lockfile, from npm's cache when it
 * holds them (`--prefer-offline`: once the cache is warm, synthesis needs no network); the
 * package.json, npm's hidden lockfile and `node_modules/.bin` are removed after. The platform packages come at the versions the module pins, which
 * are the lockfile's (checked by `nativeModuleManifest`).
 */
export function nativeModuleInstall(
  target: PrebuildTarget,
  outputDir: string,
  modules: readonly string[] = installedModules,
): string[] {
  const { dependencies } = nativeModuleManifest(target, modules);
  const manifest = JSON.stringify({ private: true, dependencies });
  const cpu = target.arch === 'x86_64' ? 'x64' : target.arch;
  const manifestFile = join(outputDir, 'package.json');
  return [
    `printf '%s' ${shellQuote(manifest)} > ${shellQuote(manifestFile)}`,
    [
      'npm install',
      `--prefix ${shellQuote(outputDir)}`,
      `--os=${target.platform} --cpu=${cpu} --libc=${target.libc}`,
      '--omit=dev --ignore-scripts --no-package-lock --no-audit --no-fund --prefer-offline',
      '--loglevel=error',
    ].join(' '),
    // npm's own leftovers: the manifest, its hidden lockfile and the `semver` command's link.
    `rm -rf ${shellQuote(manifestFile)} ${shellQuote(join(outputDir, 'node_modules', '.package-lock.json'))} ${shellQuote(join(outputDir, 'node_modules', '.bin'))}`,
  ];
}
