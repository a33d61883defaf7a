import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { chromiumPdfRenderer } from '../adapters/pdf-renderer';
import { s3FileStore } from '../adapters/s3-files';
import { doorList } from '../entry/door-list';
import { scanTicket } from '../entry/scan-ticket';
import type { FileStore } from '../kernel/ports';
import { PassNotSellingError, TooManyAdmissionsError } from '../ticketing/errors';
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  parseTicketKeyring,
} from '../ticketing/ticket-signer';
import { listTicketTypes, saveTicketType } from '../ticketing/ticket-types';
import { cancelRegistration } from './cancel-order';
import { getOrder } from './order-queries';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  passOver as passOverOf,
  pay,
  sellingEvent,
} from './orders.test-support';
import { type OrderDocumentsDeps, sendOrderDocuments } from './send-order-documents';
import { maxPassAdmissions, startCheckout } from './start-checkout';

/**
 * TIX-08 through checkout: a pass's tiers sell through the same hold, pricing and payment as an
 * event's categories; each pass bought issues one ticket per included event, which that event's
 * door admits once and the other event's door refuses.
 */
let env: OrdersBed;
let files: FileStore;
const pdf = chromiumPdfRenderer();
const signer = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(1)));
let deps: OrderDocumentsDeps;

beforeAll(async () => {
  env = await ordersBed('orders-passes');
  await activeStripeAccount(env, organizerA.orgId);
  files = s3FileStore(useTwin());
  deps = { ...env.deps, files, pdf, tickets: signer };
  const at = env.clock.now().toISOString();
  const existing = await env.deps.db.identity.entities.organization.get({ orgId: organizerA.orgId }).go();
  if (!existing.data) {
    await env.deps.db.identity.entities.organization
      .create({
        orgId: organizerA.orgId,
        name: 'Théâtre du Bic',
        nameKey: 'theatre du bic',
        contactEmail: 'billetterie@example.org',
        status: 'active',
        createdAt: at,
        createdBy: 'U-TEST',
      })
      .go();
  }
}, 60_000);

afterAll(async () => {
  await pdf.close();
  await env?.stop();
});

/** A pass of organization A over `count` of its selling events, with one tier (orders.test-support.ts). */
const passOver = (count: number, options: Parameters<typeof passOverOf>[2] = {}) =>
  passOverOf(env.deps, count, options);

async function pdfWords(key: string): Promise<string> {
  const object = await files.readStart({ bucket: 'documents', key, length: 10 * 1024 * 1024 });
  const dir = await mkdtemp(join(tmpdir(), 'parvis-pass-tickets-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), object?.bytes ?? new Uint8Array());
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']);
    return stdout.replace(/\s+/g, ' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('passes through checkout (TIX-08)', () => {
  it('TIX-08 TIX-09 TIX-12 two passes over two events: paid once, four tickets, each admitted once at its own door only', async () => {
    const { passId, tierId, eventIds, title, code } = await passOver(2);
    const [first, second] = eventIds as [string, string];
    const started = await startCheckout(
      env.deps,
      checkoutForm(passId, [{ ticketTypeId: tierId, quantity: 2 }], { pickUpAtVenue: true }),
    );
    expect(started).toMatchObject({ status: 'pendingPayment', totalCents: 10_000 });
    expect(await deliver(env.deps, await pay(env, started.redirectUrl ?? ''))).toMatchObject({
      outcome: 'confirmed',
      orderId: started.orderId,
    });

    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order).toMatchObject({
      status: 'paid',
      eventId: passId,
      passEventIds: eventIds,
      ticketCount: 2,
    });
    // A pass's tickets are always sent: « sur place » belongs to an event's settings.
    expect(file.order.pickUpAtVenue).toBe(false);
    expect(file.lines.map((line) => line.nameFr)).toEqual([`${title} — Adulte`]);
    expect(file.tickets.map((ticket) => ticket.eventId).sort()).toEqual(
      [first, first, second, second].sort(),
    );
    const tier = (await listTicketTypes(env.deps, { eventId: passId, consistent: true })).ticketTypes[0];
    expect(tier).toMatchObject({ sold: 2, held: 0, remaining: 48 });

    // Each ticket is an ordinary ticket of its event: that door lets it in once, the other refuses it.
    const ticket = file.tickets.find((candidate) => candidate.eventId === first);
    if (!ticket) throw new Error('no ticket for the first event');
    const token = await signer.sign({
      ticketId: ticket.ticketId,
      orderId: ticket.orderId,
      eventId: ticket.eventId,
      occurrenceId: ticket.occurrenceId,
      issuedAt: ticket.issuedAt,
    });
    const scanDeps = { ...env.deps, ticketKeys: signer };
    const actor = { userId: organizerA.userId, orgId: organizerA.orgId };
    const scan = (eventId: string) =>
      scanTicket(scanDeps, {
        actor,
        eventId,
        scanId: ulid(),
        token,
        scannedAt: env.clock.now().toISOString(),
        deviceId: 'door-1',
      });
    expect(await scan(second)).toMatchObject({ result: 'otherEvent' });
    expect(await scan(first)).toMatchObject({
      result: 'valid',
      category: { fr: `${title} — Adulte`, en: `${title} — Adult` },
    });
    expect(await scan(first)).toMatchObject({ result: 'alreadyUsed' });
    // The offline list of each door holds its two tickets and names the pass's tier.
    const list = await doorList(scanDeps, { actor, eventId: second });
    expect(list.tickets).toHaveLength(2);
    expect(list.categories).toContainEqual({
      ticketTypeId: tierId,
      fr: `${title} — Adulte`,
      en: `${title} — Adult`,
    });

    // TIX-10: the tickets PDF has one page per event, each saying its own event.
    expect(await sendOrderDocuments(deps, { orderId: started.orderId })).toBe('sent');
    const words = await pdfWords(`orders/${started.orderId}/billets-${started.orderId}.pdf`);
    expect(words.match(new RegExp(`Soirée 1 ${code}`, 'g'))).toHaveLength(2);
    expect(words.match(new RegExp(`Soirée 2 ${code}`, 'g'))).toHaveLength(2);
  }, 60_000);

  it('TIX-08 TIX-13 a pass over an online event and a hall: the online event’s tickets get access codes, the hall’s keep their QR', async () => {
    const { passId, tierId, eventIds } = await passOver(2, { tier: { priceCents: 0 } });
    const [online, hall] = eventIds as [string, string];
    await env.deps.db.calendar.entities.event
      .patch({ eventId: online })
      .set({ online: true, onlineUrl: 'https://diffusion.example.org/soiree' })
      .go();
    const started = await startCheckout(
      env.deps,
      checkoutForm(passId, [{ ticketTypeId: tierId, quantity: 2 }]),
    );
    expect(started.status).toBe('paid');
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    const codes = (eventId: string) =>
      file.tickets.filter((ticket) => ticket.eventId === eventId).map((ticket) => ticket.accessCode);
    expect(codes(online)).toEqual([expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), expect.any(String)]);
    expect(new Set(codes(online)).size).toBe(2);
    expect(codes(hall)).toEqual([undefined, undefined]);
    // Each code is the online event's own (ACCESSCODE#<eventId>#<code>).
    for (const code of codes(online)) {
      const { data } = await env.deps.db.orders.entities.accessCode
        .get({ eventId: online, code: code ?? '' })
        .go();
      expect(data).toMatchObject({ orderId: started.orderId });
    }
  }, 60_000);

  it('TIX-08 TIX-11 the largest pass order (every event online: a ticket and a code each) is confirmed and cancelled whole, each in one transaction', async () => {
    const { passId, tierId, eventIds } = await passOver(4, { tier: { priceCents: 0, perPersonMax: 20 } });
    for (const eventId of eventIds) {
      await env.deps.db.calendar.entities.event.patch({ eventId }).set({ online: true }).go();
    }
    const quantity = Math.floor(maxPassAdmissions / eventIds.length);
    const started = await startCheckout(env.deps, checkoutForm(passId, [{ ticketTypeId: tierId, quantity }]));
    expect(started.status).toBe('paid');
    const before = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(before.tickets).toHaveLength(maxPassAdmissions);
    expect(before.tickets.every((ticket) => ticket.accessCode)).toBe(true);

    expect(
      await cancelRegistration(env.deps, {
        orderId: started.orderId,
        accessToken: started.accessToken ?? '',
      }),
    ).toMatchObject({
      changed: true,
    });
    const after = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(after.order.status).toBe('cancelled');
    expect(after.tickets.every((ticket) => ticket.status === 'cancelled')).toBe(true);
    const ticket = before.tickets[0];
    const code = await env.deps.db.orders.entities.accessCode
      .get({ eventId: ticket?.eventId ?? '', code: ticket?.accessCode ?? '' })
      .go();
    expect(code.data).toBeNull();
    expect(
      (await listTicketTypes(env.deps, { eventId: passId, consistent: true })).ticketTypes[0],
    ).toMatchObject({
      sold: 0,
      remaining: 50,
    });
  }, 60_000);

  it('TIX-08 a draft, a withdrawn or a not-yet-open pass is not sold; nothing is held', async () => {
    for (const options of [
      { status: 'draft' as const },
      { status: 'withdrawn' as const },
      { startsInHours: 2 },
    ]) {
      const { passId, tierId } = await passOver(2, options);
      await expect(
        startCheckout(env.deps, checkoutForm(passId, [{ ticketTypeId: tierId, quantity: 1 }])),
      ).rejects.toBeInstanceOf(PassNotSellingError);
      const tier = (await listTicketTypes(env.deps, { eventId: passId, consistent: true })).ticketTypes[0];
      expect(tier).toMatchObject({ held: 0, sold: 0, remaining: 50 });
    }
  }, 60_000);

  it('TIX-08 passes × events beyond what one confirmation writes are refused in words, before any hold', async () => {
    const { passId, tierId } = await passOver(4, { tier: { perPersonMax: 20 } });
    const quantity = Math.floor(maxPassAdmissions / 4) + 1;
    const refusal = startCheckout(env.deps, checkoutForm(passId, [{ ticketTypeId: tierId, quantity }]));
    await expect(refusal).rejects.toBeInstanceOf(TooManyAdmissionsError);
    await expect(refusal).rejects.toMatchObject({
      userMessage: { fr: expect.stringContaining(`prenez-en au plus ${Math.floor(maxPassAdmissions / 4)}`) },
    });
    const tier = (await listTicketTypes(env.deps, { eventId: passId, consistent: true })).ticketTypes[0];
    expect(tier).toMatchObject({ held: 0, remaining: 50 });
  }, 60_000);

  it('TIX-08 ROLE-06 an event’s category is not a pass’s tier, and only staff set a pass’s tiers', async () => {
    const { passId } = await passOver(2);
    const other = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1000 }]);
    await expect(
      startCheckout(
        env.deps,
        checkoutForm(passId, [{ ticketTypeId: other.ticketTypeIds[0] ?? '', quantity: 1 }]),
      ),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      saveTicketType(env.deps, {
        actor: organizerA,
        eventId: passId,
        fields: { nameFr: 'Gratuit', nameEn: 'Free', priceCents: 0, quantity: 5, perPersonMax: 1 },
      }),
    ).rejects.toMatchObject({ status: 404 });
  }, 60_000);
});
