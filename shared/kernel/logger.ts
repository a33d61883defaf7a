import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Logger } from './ports';

const levels = ['info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof levels)[number];

/** A level name from configuration (PARVIS_LOG_LEVEL); anything unknown means `info`. */
export function logLevel(value: string | undefined): LogLevel {
  return levels.find((level) => level === value) ?? 'info';
}

/** One JSON object per line, the shape CloudWatch Logs Insights queries best. */
export function jsonLogger(
  context: Record<string, unknown> = {},
  minimum: LogLevel = 'info',
  write = (line: string) => console.log(line),
): Logger {
  const log = (level: LogLevel) => (message: string, data?: Record<string, unknown>) => {
    if (levels.indexOf(level) < levels.indexOf(minimum)) return;
    write(JSON.stringify({ level, time: new Date().toISOString(), message, ...context, ...data }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** The error's own fields, made loggable (Error properties are not enumerable). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      error: error.name,
      errorMessage: error.message,
      stack: error.stack && readableStack(error.stack),
      cause: errorCause(error.cause),
    };
  }
  return { error: String(error) };
}

function errorCause(cause: unknown): unknown {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : cause;
}

/**
 * On Lambda this file is part of a minified bundle (`index.mjs`, its source map beside it): frames
 * in the bundle are rewritten to the TypeScript source, line and column. The map is read only when
 * an error is logged; `--enable-source-maps` would parse it at every cold start (decision 0005).
 * Unbundled (tests, the local twin) the stack already names the sources and is returned as is.
 */
export function readableStack(stack: string, bundle = bundleFile): string {
  const map = bundle && sourceMapOf(bundle);
  if (!bundle || !map) return stack;
  const frame = new RegExp(`(?:file://)?${escapeRegExp(bundle)}:(\\d+):(\\d+)`, 'g');
  return stack.replace(frame, (location, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!('originalSource' in entry)) return location;
    const source = entry.originalSource.replace(/^(?:file:\/\/)?(?:\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

const bundleFile = /\.m?js$/.test(import.meta.url) ? fileURLToPath(import.meta.url) : undefined;
const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!sourceMaps.has(file)) {
    try {
      sourceMaps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      sourceMaps.set(file, undefined);
    }
  }
  return sourceMaps.get(file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
