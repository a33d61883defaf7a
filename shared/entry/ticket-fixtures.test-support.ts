/**
 * Tickets as an order's confirmation writes them (through the orders' ticket entity), with the
 * token their QR code carries: for the use-case tests and the browser tests alike, so nothing here
 * may import vitest or the test twin.
 */
import { ulid } from 'ulid';
import type { Deps } from '../deps';
import type { TicketSigner } from '../ticketing/ticket-signer';

/** A valid (or cancelled) ticket written as the order's confirmation writes it, and its token. */
export async function writeTicket(
  deps: Pick<Deps, 'db' | 'clock'>,
  signer: Pick<TicketSigner, 'sign'>,
  at: { eventId: string; ticketTypeId: string },
  overrides: { status?: 'valid' | 'cancelled' } = {},
): Promise<{ ticketId: string; orderId: string; token: string }> {
  const ticketId = ulid();
  const orderId = ulid();
  const issuedAt = deps.clock.now().toISOString();
  const status = overrides.status ?? 'valid';
  await deps.db.orders.entities.ticket
    .create({
      orderId,
      ticketId,
      eventId: at.eventId,
      occurrenceId: at.eventId,
      ticketTypeId: at.ticketTypeId,
      status,
      issuedAt,
      ...(status === 'cancelled' ? { cancelledAt: issuedAt } : {}),
    })
    .go();
  const token = await signer.sign({
    ticketId,
    orderId,
    eventId: at.eventId,
    occurrenceId: at.eventId,
    issuedAt,
  });
  return { ticketId, orderId, token };
}
