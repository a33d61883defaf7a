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
      stack: error.stack,
      cause: errorCause(error.cause),
    };
  }
  return { error: String(error) };
}

function errorCause(cause: unknown): unknown {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : cause;
}
