/**
 * The staff queue of requests about clients (docs/data-model.md §2.7): possible duplicates found
 * at sign-up (CRM-03), and later cancellations (WS-08) and phase letters (WS-13). Open requests
 * are listed per kind, oldest first; closing one takes it off the queue (the sparse index entry
 * goes with its `open` status) and keeps it on the client's file for erasure to find.
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { idField, parseClientInput } from './client-input';
import { cursorField, withCursor } from './paging';
import { type RequestKind, requestKinds, type StaffRequest } from './staff-request';

const listInput = z.object({
  kind: z.enum(requestKinds),
  cursor: cursorField,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 25),
});

/** One page of open requests of a kind, oldest first (25 by default). */
export async function listOpenStaffRequests(
  deps: Pick<Deps, 'db'>,
  input: { kind: RequestKind; cursor?: string | null; limit?: number },
): Promise<{ items: StaffRequest[]; cursor: string | null }> {
  const { kind, cursor, limit } = parseClientInput(listInput, input);
  // The index projects keys only: the page is read back by key.
  const page = await withCursor(() =>
    deps.db.crm.entities.staffRequest.query
      .openByKind({ kind })
      .go({ count: limit, cursor: cursor ?? null, hydrate: true }),
  );
  return {
    items: page.data.filter((item): item is StaffRequest => Boolean(item) && item.status === 'open'),
    cursor: page.cursor,
  };
}

const closeInput = z.object({
  requestId: idField,
  status: z.enum(['done', 'dismissed']),
  actorUserId: idField,
});

/** Closes an open request; `NotFoundError` when there is no such open request. */
export async function closeStaffRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { requestId: string; status: 'done' | 'dismissed'; actorUserId: string },
): Promise<void> {
  const { requestId, status, actorUserId } = parseClientInput(closeInput, input);
  const { staffRequest } = deps.db.crm.entities;
  const request = (await staffRequest.get({ requestId }).go({ consistent: true })).data;
  const notFound = () => new NotFoundError({ fr: 'La demande', en: 'The request' });
  if (request?.status !== 'open') throw notFound();
  try {
    await staffRequest
      .patch({ requestId })
      // The queue index's composites, named again so ElectroDB can drop its entry.
      .set({
        status,
        kind: request.kind,
        at: request.at,
        closedAt: deps.clock.now().toISOString(),
        closedBy: actorUserId,
      })
      .where((attr, { eq }) => eq(attr.status, 'open'))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw notFound();
    throw error;
  }
}
