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

/**
 * What a failed send means for the message, set by the MailSender adapter on the error it throws
 * (`error.mailOutcome`): SES `SendEmail` is not idempotent, so the sender must know whether a mail
 * may have gone out before it tries again.
 * - `refused`: SES answered and did not accept it (throttling, quota, sending paused): safe to send later.
 * - `rejected`: SES will never accept it as it is (bad address, unverified sender): do not retry.
 * - `unknown`: no answer, or an answer that does not prove refusal (time-out, dropped connection,
 *   5xx): SES may have accepted it; never resend blindly.
 */
export type MailFailureOutcome = 'refused' | 'rejected' | 'unknown';

/** The outcome carried by an error thrown by `MailSender.send`; `unknown` when it carries none. */
export function mailFailureOutcome(error: unknown): MailFailureOutcome {
  const outcome = (error as { mailOutcome?: unknown } | null | undefined)?.mailOutcome;
  return outcome === 'refused' || outcome === 'rejected' ? outcome : 'unknown';
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
