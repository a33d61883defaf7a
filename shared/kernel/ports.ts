/**
 * The ports every use case receives in `deps`. Use cases never read process.env or import an SDK:
 * handlers and SvelteKit server code build these once per container and tests pass fixed ones.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests. */
export function fixedClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Sortable unique ids (ULID): creation order is key order. */
export type IdGenerator = () => string;

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Sends one rendered e-mail (SES on AWS and locally through its twin). */
export interface MailSender {
  send(mail: {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    html: string;
    text: string;
    /** Tags flow back in SES notifications. */
    tags?: Record<string, string>;
  }): Promise<{ providerMessageId: string }>;
}

/** Publishes JSON messages on a queue named by its logical key (see infra/wiring.ts). */
export interface QueuePublisher {
  publish(queue: string, messages: object[], options?: { delaySeconds?: number }): Promise<void>;
}
