import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../identity/audit';
import { NotFoundError } from '../kernel/errors';
import { saveTicketingSettings } from '../ticketing/ticketing-settings';
import {
  AccessCodeRefusedError,
  AccessThrottledError,
  accessCodeAlphabet,
  deriveAccessCode,
  enterAccessCode,
  normalizeAccessCode,
  requestAccessHelp,
  resetAccessCode,
} from './access-codes';
import { cancelOrder } from './cancel-order';
import { confirmOrder } from './confirm-order';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  organizerB,
  pay,
  queuedEmails,
  sellingEvent,
} from './orders.test-support';
import { startCheckout } from './start-checkout';

let env: OrdersBed;
const contactEmail = 'diffusion@org-a.example.org';

beforeAll(async () => {
  env = await ordersBed('access-codes');
  await activeStripeAccount(env, organizerA.orgId);
  await env.deps.db.identity.entities.organization
    .put({
      orgId: organizerA.orgId,
      name: 'Spect’Art A',
      nameKey: 'spectarta',
      contactEmail,
      createdAt: env.clock.now().toISOString(),
      createdBy: 'U-STAFF',
    })
    .go();
});
afterAll(async () => {
  await env?.stop();
});

/** A selling event of organization A turned into an online one (a broadcast link). */
async function onlineEvent(
  categories: Parameters<typeof sellingEvent>[2],
  settings?: { multiDevice?: boolean },
) {
  const made = await sellingEvent(env.deps, organizerA.orgId, categories);
  await env.deps.db.calendar.entities.event
    .patch({ eventId: made.eventId })
    .set({ online: true, onlineUrl: 'https://www.youtube.com/watch?v=parvis-test' })
    .go();
  if (settings?.multiDevice) {
    await saveTicketingSettings(env.deps, {
      actor: organizerA,
      eventId: made.eventId,
      expectedVersion: 1,
      fields: { enabled: true, multiDevice: true },
    });
  }
  return made;
}

/** A free registration of `quantity` tickets, confirmed at once; its tickets as stored. */
async function registration(eventId: string, ticketTypeId: string, quantity = 1) {
  const started = await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity }]));
  expect(started.status).toBe('paid');
  return { orderId: started.orderId, tickets: await ticketsOf(started.orderId) };
}

async function ticketsOf(orderId: string) {
  const { data } = await env.deps.db.orders.entities.ticket.query
    .byOrder({ orderId })
    .go({ consistent: true });
  return data;
}

const device = () => `dev-${ulid()}-${ulid()}`;

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('access codes (TIX-13)', () => {
  it('TIX-13 a code is 8 characters of an alphabet without look-alikes, in two groups, and is typed back loosely', () => {
    expect(accessCodeAlphabet).toHaveLength(31);
    expect(accessCodeAlphabet).not.toMatch(/[01ILO]/);
    const code = deriveAccessCode('01JTICKET', 0);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(deriveAccessCode('01JTICKET', 1)).not.toBe(code);
    expect(normalizeAccessCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code);
    expect(normalizeAccessCode('K7QF-2M9')).toBeUndefined();
    expect(normalizeAccessCode('K7QF-2M0X')).toBeUndefined();
  });

  it('TIX-13 each ticket of an online event gets its own code at confirmation; none for an event in a hall', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { tickets } = await registration(eventId, ticketTypeIds[0] ?? '', 3);
    const codes = tickets.map((ticket) => ticket.accessCode);
    expect(new Set(codes).size).toBe(3);
    for (const ticket of tickets) {
      const item = await env.bed.item(`ACCESSCODE#${eventId}#${ticket.accessCode}`, 'CODE');
      expect(item).toMatchObject({
        ticketId: ticket.ticketId,
        orderId: ticket.orderId,
        orgId: organizerA.orgId,
      });
    }
    const hall = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 0 }]);
    const inHall = await registration(hall.eventId, hall.ticketTypeIds[0] ?? '', 1);
    expect(inHall.tickets[0]?.accessCode).toBeUndefined();
  });

  it('TIX-09 TIX-13 a replayed and a concurrent confirmation make the codes once', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 2000 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 2 }]),
    );
    const webhook = await pay(env, started.redirectUrl ?? '');
    const outcomes = await Promise.all([
      deliver(env.deps, webhook),
      deliver(env.deps, webhook),
      confirmOrder(env.deps, {
        orderId: started.orderId,
        payment: { provider: 'stripe', amountCents: 4000, currency: 'CAD' },
      }),
    ]);
    const all = outcomes.map((outcome) => (typeof outcome === 'string' ? outcome : outcome.outcome));
    expect(all.filter((outcome) => outcome === 'confirmed')).toHaveLength(1);
    expect((await deliver(env.deps, webhook)).outcome).toBe('alreadyConfirmed');
    const tickets = await ticketsOf(started.orderId);
    expect(tickets).toHaveLength(2);
    for (const ticket of tickets) {
      expect(await env.bed.item(`ACCESSCODE#${eventId}#${ticket.accessCode}`, 'CODE')).toBeDefined();
    }
  });

  it('TIX-09 TIX-13 a code already taken (collision injected) is made again; the order is confirmed once, seats sold once', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 1000, quantity: 10 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
    );
    // The first ticket id the confirmation draws is known, and its code is already someone's.
    const doomed = ulid();
    const taken = deriveAccessCode(doomed, 0);
    await env.deps.db.orders.entities.accessCode
      .create({
        eventId,
        code: taken,
        orgId: organizerA.orgId,
        orderId: 'OTHER-ORDER',
        ticketId: 'OTHER-TICKET',
        createdAt: env.clock.now().toISOString(),
      })
      .go();
    const queue = [doomed];
    const deps = { ...env.deps, ids: () => queue.shift() ?? ulid() };
    const outcome = await confirmOrder(deps, {
      orderId: started.orderId,
      payment: { provider: 'stripe', amountCents: 1000, currency: 'CAD' },
    });
    expect(outcome).toBe('confirmed');
    const tickets = await ticketsOf(started.orderId);
    expect(tickets).toHaveLength(1);
    // The attempt with the doomed ticket wrote nothing; the other ticket's code is untouched.
    expect(tickets[0]?.ticketId).not.toBe(doomed);
    expect(tickets[0]?.accessCode).not.toBe(taken);
    expect(await env.bed.item(`ACCESSCODE#${eventId}#${taken}`, 'CODE')).toMatchObject({
      ticketId: 'OTHER-TICKET',
    });
    const shard = await env.deps.db.ticketing.entities.inventoryShard.query
      .byTicketType({ eventId })
      .go({ consistent: true });
    expect(shard.data.reduce((sum, item) => sum + item.sold, 0)).toBe(1);
    const order = await env.deps.db.orders.entities.order.get({ orderId: started.orderId }).go();
    expect(order.data?.status).toBe('paid');
  });

  it('TIX-13 a code opens the broadcast and binds the device 24 h: a second device is refused in words, then allowed once the 24 h are over', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const code = tickets[0]?.accessCode ?? '';
    const first = device();
    const second = device();
    const granted = await enterAccessCode(env.deps, { eventId, code: code.toLowerCase(), deviceId: first });
    expect(granted.onlineUrl).toBe('https://www.youtube.com/watch?v=parvis-test');
    const until = new Date(env.clock.now().getTime() + 24 * 3_600_000).toISOString();
    expect(granted.boundUntil).toBe(until);
    // The same device again, an hour later: still in, the binding still runs from the first use.
    env.clock.advance(3_600_000);
    expect((await enterAccessCode(env.deps, { eventId, code, deviceId: first })).boundUntil).toBe(until);
    const refused = await refusal(enterAccessCode(env.deps, { eventId, code, deviceId: second }));
    expect(refused).toBeInstanceOf(AccessCodeRefusedError);
    expect((refused as AccessCodeRefusedError).userMessage.fr).toMatch(
      /^Ce code est déjà utilisé sur un autre appareil\. Il est réservé à cet appareil jusqu’au /,
    );
    expect((refused as AccessCodeRefusedError).status).toBe(409);
    env.clock.advance(23 * 3_600_000 + 1);
    const later = await enterAccessCode(env.deps, { eventId, code, deviceId: second });
    expect(later.boundUntil).toBe(new Date(env.clock.now().getTime() + 24 * 3_600_000).toISOString());
    expect(await refusal(enterAccessCode(env.deps, { eventId, code, deviceId: first }))).toBeInstanceOf(
      AccessCodeRefusedError,
    );
  });

  it('TIX-13 two devices entering one code at once: exactly one is bound', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const code = tickets[0]?.accessCode ?? '';
    for (let round = 0; round < 3; round += 1) {
      env.clock.advance(25 * 3_600_000);
      const devices = Array.from({ length: 6 }, device);
      const results = await Promise.allSettled(
        devices.map((deviceId) => enterAccessCode(env.deps, { eventId, code, deviceId })),
      );
      const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [devices[index]] : []));
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected')
          expect((result.reason as AccessCodeRefusedError).reason).toBe('inUse');
      }
      // The winner is the one bound: it gets in again, the others still do not.
      await enterAccessCode(env.deps, { eventId, code, deviceId: won[0] ?? '' });
    }
  });

  it('TIX-13 « autoriser plusieurs appareils »: several devices use one code at once, nothing is bound', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }], { multiDevice: true });
    const { tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const code = tickets[0]?.accessCode ?? '';
    const results = await Promise.all(
      Array.from({ length: 3 }, () => enterAccessCode(env.deps, { eventId, code, deviceId: device() })),
    );
    expect(results.every((result) => result.multiDevice && result.boundUntil === undefined)).toBe(true);
    expect(await env.bed.item(`ACCESSCODE#${eventId}#${code}`, 'DEVICE')).toBeUndefined();
  });

  it('TIX-13 TIX-14 a cancelled order’s codes are deleted with it and refused', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { orderId, tickets } = await registration(eventId, ticketTypeIds[0] ?? '', 2);
    await enterAccessCode(env.deps, { eventId, code: tickets[0]?.accessCode ?? '', deviceId: device() });
    const cancelled = await cancelOrder(env.deps, { actor: organizerA, orderId, refundKey: ulid() + ulid() });
    expect(cancelled.status).toBe('cancelled');
    for (const ticket of tickets) {
      expect(await env.bed.item(`ACCESSCODE#${eventId}#${ticket.accessCode}`, 'CODE')).toBeUndefined();
      const refused = await refusal(
        enterAccessCode(env.deps, { eventId, code: ticket.accessCode ?? '', deviceId: device() }),
      );
      expect((refused as AccessCodeRefusedError).reason).toBe('unknown');
    }
  });

  it('TIX-13 a code whose ticket was cancelled is refused even if its item is left', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { orderId, tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const ticket = tickets[0];
    await env.deps.db.orders.entities.ticket
      .patch({ orderId, ticketId: ticket?.ticketId ?? '' })
      .set({ status: 'cancelled' })
      .go();
    const refused = await refusal(
      enterAccessCode(env.deps, { eventId, code: ticket?.accessCode ?? '', deviceId: device() }),
    );
    expect((refused as AccessCodeRefusedError).reason).toBe('cancelled');
    expect((refused as AccessCodeRefusedError).userMessage.fr).toContain('n’est plus valide');
  });

  it('TIX-13 the organizer resets a code: the old one (and its device) no longer works, the new one does, audited, the buyer is mailed the new code', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { orderId, tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const ticket = tickets[0];
    const old = ticket?.accessCode ?? '';
    const first = device();
    await enterAccessCode(env.deps, { eventId, code: old, deviceId: first });

    await expect(
      resetAccessCode(env.deps, organizerB, { orderId, ticketId: ticket?.ticketId ?? '' }),
    ).rejects.toThrow(NotFoundError);
    const reset = await resetAccessCode(env.deps, organizerA, { orderId, ticketId: ticket?.ticketId ?? '' });
    expect(reset.previous).toBe(old);
    expect(reset.code).not.toBe(old);
    expect(normalizeAccessCode(reset.code)).toBe(reset.code);

    expect(await env.bed.item(`ACCESSCODE#${eventId}#${old}`, 'CODE')).toBeUndefined();
    expect(await env.bed.item(`ACCESSCODE#${eventId}#${old}`, 'DEVICE')).toBeUndefined();
    expect(
      (
        (await refusal(
          enterAccessCode(env.deps, { eventId, code: old, deviceId: first }),
        )) as AccessCodeRefusedError
      ).reason,
    ).toBe('unknown');
    // A new device enters the new code at once: the old device's binding went with the old code.
    const granted = await enterAccessCode(env.deps, { eventId, code: reset.code, deviceId: device() });
    expect(granted.code).toBe(reset.code);
    expect((await ticketsOf(orderId))[0]?.accessCode).toBe(reset.code);

    const audit = await listAudit(env.deps, { by: 'target', targetType: 'ORDER', targetId: orderId });
    expect(audit.entries.map((entry) => [entry.action, entry.actorUserId])).toContainEqual([
      'accessCode.reset',
      organizerA.userId,
    ]);
    const order = await env.deps.db.orders.entities.order.get({ orderId }).go();
    const mails = await queuedEmails(env.deps, order.data?.buyer.email ?? '');
    const mail = mails.find((entry) => entry.templateId === 'access.codeReset');
    expect(mail?.data).toMatchObject({
      accessCode: reset.code,
      accessUrl: expect.stringContaining(`/fr/acces/${eventId}`),
    });
  });

  it('TIX-13 « Créer un code » for a ticket that has none', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { orderId, tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const ticket = tickets[0];
    // A ticket confirmed before codes existed.
    await env.deps.db.orders.entities.accessCode.delete({ eventId, code: ticket?.accessCode ?? '' }).go();
    await env.deps.db.orders.entities.ticket
      .patch({ orderId, ticketId: ticket?.ticketId ?? '' })
      .remove(['accessCode'])
      .go();
    const created = await resetAccessCode(env.deps, organizerA, {
      orderId,
      ticketId: ticket?.ticketId ?? '',
    });
    expect(created.previous).toBeUndefined();
    await enterAccessCode(env.deps, { eventId, code: created.code, deviceId: device() });
  });

  it('TIX-13 « Assistance technique » mails the organization (Reply-To the viewer), at most 3 times an hour per code', async () => {
    const { eventId, ticketTypeIds } = await onlineEvent([{ priceCents: 0 }]);
    const { orderId, tickets } = await registration(eventId, ticketTypeIds[0] ?? '');
    const code = tickets[0]?.accessCode ?? '';
    const before = (await queuedEmails(env.deps, contactEmail)).length;
    for (let index = 0; index < 3; index += 1) {
      const sent = await requestAccessHelp(env.deps, {
        eventId,
        code: code.toLowerCase(),
        name: 'Amélie Tremblay',
        email: `viewer${index}.${ulid().toLowerCase()}@example.org`,
        message: `Le code est refusé <b>sur ma tablette</b>.${'x'.repeat(3000)}`,
      });
      expect(sent.recipients).toBe(1);
    }
    const refused = await refusal(
      requestAccessHelp(env.deps, {
        eventId,
        code,
        name: 'Amélie',
        email: 'autre@example.org',
        message: 'Encore',
      }),
    );
    expect(refused).toBeInstanceOf(AccessThrottledError);
    expect((refused as AccessThrottledError).status).toBe(429);
    const mails = (await queuedEmails(env.deps, contactEmail)).slice(before);
    expect(mails).toHaveLength(3);
    expect(mails[0]?.templateId).toBe('access.help');
    expect(mails[0]?.data).toMatchObject({ accessCode: code, orderNumber: orderId });
    expect(String(mails[0]?.data.message)).toHaveLength(2000);
    const stored = await env.deps.db.comms.entities.outboundMessage.query
      .byRecipient({ recipientKey: `email:${contactEmail}` })
      .go({ hydrate: true });
    const replyTos = stored.data
      .filter((item) => item.templateId === 'access.help')
      .map((item) => item.replyTo);
    expect(replyTos.some((replyTo) => replyTo?.startsWith('viewer0.'))).toBe(true);
    // Per e-mail address too, whatever code is given.
    const email = `same.${ulid().toLowerCase()}@example.org`;
    for (let index = 0; index < 3; index += 1) {
      await requestAccessHelp(env.deps, { eventId, name: 'Sam', email, message: 'Aucun code reçu' });
    }
    expect(
      await refusal(requestAccessHelp(env.deps, { eventId, name: 'Sam', email: email.toUpperCase() })),
    ).toBeInstanceOf(AccessThrottledError);
    // The window ends: the code may ask again.
    env.clock.advance(3_600_000);
    await requestAccessHelp(env.deps, { eventId, code, name: 'Amélie', email: 'autre@example.org' });
  });

  it('TIX-13 wrong codes are counted per client address: guessing stops after 30 in 15 minutes', async () => {
    const { eventId } = await onlineEvent([{ priceCents: 0 }]);
    const address = `203.0.113.${Math.floor(Math.random() * 200)}`;
    env.clock.advance(15 * 60_000);
    const wrong = (n: number) => deriveAccessCode(`guess-${ulid()}`, n);
    for (let index = 0; index < 30; index += 1) {
      const refused = await refusal(
        enterAccessCode(env.deps, { eventId, code: wrong(index), deviceId: device(), address }),
      );
      expect((refused as AccessCodeRefusedError).reason).toBe('unknown');
    }
    expect(
      await refusal(enterAccessCode(env.deps, { eventId, code: wrong(31), deviceId: device(), address })),
    ).toBeInstanceOf(AccessThrottledError);
  });
});
