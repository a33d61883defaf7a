import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import puppeteer, { type Browser, type LaunchOptions, type Page } from 'puppeteer-core';
import { env } from '../../infra/wiring';
import type { PdfRenderer } from '../ticketing/documents/pdf-renderer-port';
import { chromiumFlags } from './chromium-flags';

/**
 * PDFs from HTML with headless Chromium through puppeteer-core (DESIGN "Documents"; decision 0016).
 * The binary is `@sparticuz/chromium`'s everywhere (Chromium's headless shell: it renders a page
 * several times faster than a full Chromium in headless mode), so a PDF made locally is made by
 * the same engine as on Lambda; PARVIS_CHROMIUM_PATH points at another one (e.g. /usr/bin/chromium).
 * One browser per container, launched on the first render and kept; its pages are reused. A page
 * may load nothing but data: URIs: no network, no script.
 */

/** @sparticuz/chromium's flags we do not take: we load no web content and draw no WebGL. */
const refusedLambdaFlags = [
  /^--headless/,
  /^--disable-web-security$/,
  /^--allow-running-insecure-content$/,
  /^--use-gl=/,
  /^--use-angle=/,
  /^--enable-unsafe-swiftshader$/,
];

export interface ChromiumBinary {
  executablePath: string;
  /** Extra flags for this binary (Lambda's single-process mode, no zygote). */
  args: string[];
  source: 'sparticuz' | 'system';
}

/** Whether this process is a Lambda function on AWS (not the local twin, which runs functions in Node). */
export function onLambda(vars: NodeJS.ProcessEnv = process.env): boolean {
  return (vars.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda_');
}

/** @sparticuz/chromium's flags, less those for WebGL and web content (we load neither). */
async function sparticuzArgs(): Promise<string[]> {
  const { default: Chromium } = await import('@sparticuz/chromium');
  // No WebGL: on Lambda this also skips inflating SwiftShader at every cold start.
  Chromium.setGraphicsMode = false;
  const args = Chromium.args.filter((flag) => !refusedLambdaFlags.some((refused) => refused.test(flag)));
  // No GPU and no software GL either: in single-process mode a failed GL start (no SwiftShader
  // inflated) kills the browser; printing needs neither.
  return [...args, '--disable-software-rasterizer'];
}

/** On Lambda: @sparticuz/chromium inflates its binary and fonts into /tmp on the first call (1–3 s). */
export async function sparticuzChromium(): Promise<ChromiumBinary> {
  const { default: Chromium } = await import('@sparticuz/chromium');
  const args = await sparticuzArgs();
  return { executablePath: await Chromium.executablePath(), args, source: 'sparticuz' };
}

/**
 * Off Lambda: the same binary, inflated once per package version into the temporary directory and
 * kept across runs. Written under a unique name then renamed, so test workers starting together
 * never launch a half-written file (the package's own inflater checks only that the file exists).
 * System fonts stand in for the package's Open Sans, which the templates name first.
 */
export async function localSparticuzChromium(): Promise<ChromiumBinary> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const root = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `parvis-chromium-${version}`);
  const executablePath = join(dir, 'chromium');
  if (!existsSync(executablePath)) {
    await mkdir(dir, { recursive: true });
    const partial = `${executablePath}.${process.pid}.${Date.now()}`;
    try {
      await pipeline(
        createReadStream(join(root, 'bin', 'chromium.br')),
        createBrotliDecompress(),
        createWriteStream(partial, { mode: 0o755 }),
      );
      await rename(partial, executablePath);
    } finally {
      await rm(partial, { force: true });
    }
  }
  return { executablePath, args: await sparticuzArgs(), source: 'sparticuz' };
}

/** A Chromium of this machine's (PARVIS_CHROMIUM_PATH, else /usr/bin/chromium). */
export function systemChromium(vars: NodeJS.ProcessEnv = process.env): ChromiumBinary {
  const executablePath = vars[env.chromiumPath] || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it (apt-get install chromium) or set PARVIS_CHROMIUM_PATH`,
    );
  }
  return { executablePath, args: [], source: 'system' };
}

/** The binary for where this process runs (see the module comment). */
export async function chromiumForHere(vars: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  if (onLambda(vars)) return sparticuzChromium();
  if (vars[env.chromiumPath]) return systemChromium(vars);
  return localSparticuzChromium();
}

export interface ChromiumPdfRenderer extends PdfRenderer {
  /** Launches the browser now (a cold start paid before the first document, e.g. in a benchmark). */
  warm(): Promise<void>;
  /** Closes the browser; the next render launches a new one. */
  close(): Promise<void>;
}

export interface ChromiumPdfOptions {
  /** Which binary; default `chromiumForHere()`. */
  binary?: () => Promise<ChromiumBinary>;
  /** Milliseconds a render may take before it fails (default 20 s). */
  timeoutMs?: number;
  /**
   * Keep a finished page for the next render (default true, DESIGN "pages reused"): opening and
   * closing a page costs about 40 ms of the 80–100 ms a ticket takes (bench/figures/ticket-pdf.ts).
   * The next document replaces the whole previous one; false opens a page per render and closes it.
   */
  reusePages?: boolean;
}

/** Pages kept open between renders: enough for the renders one container runs at once. */
const maxIdlePages = 2;

/**
 * A renderer keeping one browser for the container's life. A browser that crashed or was closed is
 * launched again on the next render; renders may run concurrently, each on its own page.
 */
export function chromiumPdfRenderer(options: ChromiumPdfOptions = {}): ChromiumPdfRenderer {
  const binary = options.binary ?? (() => chromiumForHere());
  const timeout = options.timeoutMs ?? 20_000;
  const reusePages = options.reusePages ?? true;
  let browser: Promise<Browser> | undefined;
  let idle: Page[] = [];

  const launch = async (): Promise<Browser> => {
    const { executablePath, args } = await binary();
    const launchOptions: LaunchOptions = {
      executablePath,
      args: [...new Set([...chromiumFlags, ...args])],
      headless: 'shell',
      // DevTools over a pipe: no port opened, nothing to bind.
      pipe: true,
      timeout,
      protocolTimeout: timeout,
    };
    const launched = await puppeteer.launch(launchOptions);
    launched.once('disconnected', () => {
      browser = undefined;
      idle = [];
    });
    return launched;
  };

  const current = (): Promise<Browser> => {
    browser ??= launch().catch((error: unknown) => {
      browser = undefined;
      throw error;
    });
    return browser;
  };

  /** A page that runs no script and may load nothing but data: URIs. */
  const openPage = async (): Promise<Page> => {
    const reused = idle.pop();
    if (reused && !reused.isClosed() && reused.browser().connected) return reused;
    const page = await (await current()).newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  };

  return {
    async warm() {
      await current();
    },
    async render(html) {
      const page = await openPage();
      let done = false;
      try {
        await page.setContent(html, { waitUntil: 'load', timeout });
        const pdf = await page.pdf({
          format: 'letter',
          printBackground: true,
          preferCSSPageSize: true,
          timeout,
        });
        done = true;
        return pdf;
      } finally {
        if (done && reusePages && idle.length < maxIdlePages && browser) idle.push(page);
        else await page.close().catch(() => undefined);
      }
    },
    async close() {
      const open = browser;
      browser = undefined;
      idle = [];
      if (open) await (await open.catch(() => undefined))?.close();
    },
  };
}
