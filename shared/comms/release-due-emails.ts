import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import type { OutboundMessage } from './outbound-message';
import { queueOfKind } from './queue-email';

/**
 * The background dispatch of COM-04, every 5 minutes: publishes again what waits in the table —
 * mass mail deferred by the 24 h cap whose place has freed up, and any queued message whose
 * publication was lost after its commit. Each is pushed back `republishAfterSeconds` first, so a
 * message still travelling is not published twice by the next run.
 */
export async function releaseDueEmails(
  deps: Pick<Deps, 'db' | 'queues' | 'log' | 'config'>,
  input: { now: Date; limit?: number },
): Promise<{ released: number }> {
  const { outboundMessage } = deps.db.comms.entities;
  const republishAt = new Date(
    input.now.getTime() + deps.config.mailPolicy.republishAfterSeconds * 1000,
  ).toISOString();
  const limit = input.limit ?? 1000;
  const due: OutboundMessage[] = [];
  for (const status of ['deferred', 'queued'] as const) {
    const page = await outboundMessage.query
      .waitingByStatus({ status })
      // `lt` the next millisecond: with a partial sort key, `lte now` would miss a message due exactly now.
      .lt({ notBefore: new Date(input.now.getTime() + 1).toISOString() })
      .go({ limit: limit - due.length, pages: 'all' });
    due.push(...page.data);
    if (due.length >= limit) break;
  }

  const released: OutboundMessage[] = [];
  for (const message of due) {
    try {
      await outboundMessage
        .patch({ messageId: message.messageId })
        .set({ status: 'queued', notBefore: republishAt })
        .where(
          ({ status, notBefore }, { eq }) =>
            `${eq(status, message.status)} AND ${eq(notBefore, message.notBefore)}`,
        )
        .go();
      released.push(message);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  for (const kind of ['service', 'mass'] as const) {
    const ids = released.filter((m) => m.kind === kind).map((m) => ({ v: 1, messageId: m.messageId }));
    if (ids.length > 0) await deps.queues.publish(queueOfKind[kind], ids);
  }
  if (released.length > 0) deps.log.info('released waiting e-mails', { count: released.length });
  return { released: released.length };
}
