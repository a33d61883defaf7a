/**
 * The consent ledger of a file, newest first (CRM-11): what the client agreed to, when, how and
 * on whose word. Staff read it to answer "why did I get this e-mail?"; the client sees it too.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import type { ConsentChannel, ConsentValue } from './client';
import { idField, parseClientInput } from './client-input';
import type { ConsentMethod } from './consent-record';
import { cursorField, withCursor } from './paging';

const historyInput = z.object({
  clientId: idField,
  cursor: cursorField,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 50),
});

export interface ConsentHistoryEntry {
  at: string;
  channel: ConsentChannel;
  value: Exclude<ConsentValue, 'unknown'>;
  method: ConsentMethod;
  source?: string;
  actorUserId: string;
}

/** One page of the ledger, newest first (50 by default, 100 at most). */
export async function consentHistory(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string; cursor?: string | null; limit?: number },
): Promise<{ items: ConsentHistoryEntry[]; cursor: string | null }> {
  const { clientId, cursor, limit } = parseClientInput(historyInput, input);
  const page = await withCursor(() =>
    deps.db.crm.entities.consentRecord.query
      .byClient({ clientId })
      .go({ order: 'desc', count: limit, cursor: cursor ?? null }),
  );
  return {
    items: page.data.map(({ at, channel, value, method, source, actorUserId }) => ({
      at,
      channel,
      value,
      method,
      ...(source ? { source } : {}),
      actorUserId,
    })),
    cursor: page.cursor,
  };
}
