import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { releaseMassPlace } from './mass-places';
import { type OutboundMessage, pendingStatuses } from './outbound-message';
import { queueOfKind } from './queue-email';

type ReleaseDeps = Pick<Deps, 'db' | 'queues' | 'log' | 'config'>;

/** Messages read, updated and published together (one SQS batch). */
const chunkSize = 10;
/** Items per Query page. */
const pageSize = 100;
/** A run stops taking new pages when less than this is left before its timeout. */
const stopWhenLeftMs = 30_000;

/**
 * The background dispatch of COM-04, every 5 minutes. Publishes again what waits in the table:
 * mass mail whose place has freed up, mail backing off after an SES refusal, queued mail whose
 * publication was lost after its commit; and takes back what a sender left `sending`: a claim
 * abandoned before any SES call is queued again (one attempt spent), and a message whose SES call
 * may have succeeded is queued again only once the grace period has passed with no SES event
 * settling it (its mass place is then given back). Each is moved under a condition on what was
 * read and pushed back `republishAfterSeconds`, so overlapping runs never publish it twice.
 *
 * Bounded: service mail first, then mass; at most `releasePerRun` messages examined, read page by
 * page with a bounded `count`, each chunk published as soon as it is updated, and no new page
 * once less than 30 s of the run's time is left. What is left waits for the next run.
 */
export async function releaseDueEmails(
  deps: ReleaseDeps,
  input: { now: Date; timeLeftMs?: () => number; limit?: number },
): Promise<{ released: number; complete: boolean }> {
  const { outboundMessage } = deps.db.comms.entities;
  const policy = deps.config.mailPolicy;
  const limit = input.limit ?? policy.releasePerRun;
  const timeLeft = input.timeLeftMs ?? (() => Number.POSITIVE_INFINITY);
  // `lt` the next millisecond: with a partial sort key, `lte now` would miss a message due exactly now.
  const dueBefore = new Date(input.now.getTime() + 1).toISOString();
  let examined = 0;
  let released = 0;
  let complete = true;

  outer: for (const kind of ['service', 'mass'] as const) {
    for (const status of pendingStatuses) {
      let cursor: string | null = null;
      do {
        if (examined >= limit || timeLeft() < stopWhenLeftMs) {
          complete = false;
          break outer;
        }
        const count = Math.min(pageSize, limit - examined);
        const page: { data: OutboundMessage[]; cursor: string | null } = await outboundMessage.query
          .waitingByStatus({ status, kind })
          .lt({ notBefore: dueBefore })
          .go({ cursor, count, limit: count });
        examined += page.data.length;
        for (let start = 0; start < page.data.length; start += chunkSize) {
          const chunk = page.data.slice(start, start + chunkSize);
          const moved = await Promise.all(chunk.map((message) => requeue(deps, message, input.now)));
          const ids = chunk.filter((_, index) => moved[index]).map((m) => ({ v: 1, messageId: m.messageId }));
          if (ids.length > 0) await deps.queues.publish(queueOfKind[kind], ids);
          released += ids.length;
        }
        cursor = page.cursor;
      } while (cursor);
    }
  }
  if (released > 0) deps.log.info('released waiting e-mails', { count: released, complete });
  return { released, complete };
}

/** Moves one due message back to `queued` if it is still as read; false when another run or a sender moved it first. */
async function requeue(deps: ReleaseDeps, message: OutboundMessage, now: Date): Promise<boolean> {
  const republishAt = new Date(
    now.getTime() + deps.config.mailPolicy.republishAfterSeconds * 1000,
  ).toISOString();
  const nowIso = now.toISOString();
  const patch = deps.db.comms.entities.outboundMessage.patch({ messageId: message.messageId });
  const kind = message.kind;
  try {
    if (message.status === 'sending') {
      const attemptAt = message.attemptAt;
      await (attemptAt
        ? patch.set({
            kind,
            status: 'queued',
            notBefore: republishAt,
            lastError: `no SES event within ${deps.config.mailPolicy.reconcileAfterSeconds} s of the attempt at ${attemptAt}`,
          })
        : patch
            .set({
              kind,
              status: 'queued',
              notBefore: republishAt,
              lastError: 'sender lost before calling SES',
            })
            .add({ attempts: 1 })
      )
        .remove(['leaseId', 'leaseUntil', 'attemptAt', 'massReservedAt'])
        .where(
          ({ status, notBefore, leaseUntil, attemptAt: marker }, { eq, lt, notExists }) =>
            `${eq(status, 'sending')} AND ${eq(notBefore, message.notBefore)} AND ${lt(leaseUntil, nowIso)} AND ${
              attemptAt ? eq(marker, attemptAt) : notExists(marker)
            }`,
        )
        .go();
      if (attemptAt) {
        deps.log.warn('e-mail unconfirmed after the grace period: sending it again', {
          messageId: message.messageId,
          attemptAt,
          attempts: message.attempts,
        });
        if (message.massReservedAt !== undefined) {
          await releaseMassPlace(deps, { account: message.account, at: message.massReservedAt });
        }
      }
    } else {
      await patch
        .set({ kind, status: 'queued', notBefore: republishAt })
        .where(
          ({ status, notBefore }, { eq }) =>
            `${eq(status, message.status)} AND ${eq(notBefore, message.notBefore)}`,
        )
        .go();
    }
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
