import type { Logger } from './ports';

/** One JSON object per line, the shape CloudWatch Logs Insights queries best. */
export function jsonLogger(
  context: Record<string, unknown> = {},
  write = (line: string) => console.log(line),
): Logger {
  const log = (level: string) => (message: string, data?: Record<string, unknown>) =>
    write(JSON.stringify({ level, time: new Date().toISOString(), message, ...context, ...data }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

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
