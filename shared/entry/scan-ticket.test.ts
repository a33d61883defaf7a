import { generateKeyPairSync } from 'node:crypto';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { signTicketToken } from '../ticketing/ticket-token';
import { doorList } from './door-list';
import { type EntryBed, entryBed, withFaultyEntry } from './entry.test-support';
import { scanHistory } from './scan-history';
import { maxScansPerSync, scanTicket, syncScans } from './scan-ticket';

/** TIX-12: door scanning against DynamoDB Local: answers, nonces, offline sync and its conflicts. */
let t: EntryBed;
let ana: { userId: string; orgId: string };
let ben: { userId: string; orgId: string };

beforeAll(async () => {
  t = await entryBed('entry-scans');
  ana = await t.member('Ana Gagnon');
  ben = await t.member('Benoît Roy');
});

const nonce = () => ulid();
const minutesAgo = (n: number) => new Date(t.clock.now().getTime() - n * 60_000).toISOString();

async function scansOf(eventId: string) {
  return (
    await t.deps.db.entry.entities.scan.query.byEvent({ eventId }).go({ pages: 'all', consistent: true })
  ).data;
}
async function ticketItem(orderId: string, ticketId: string) {
  return (await t.deps.db.orders.entities.ticket.get({ orderId, ticketId }).go({ consistent: true })).data;
}
function online(eventId: string, token: string, actor = ana, deviceId = 'phone-ana') {
  return { actor, eventId, token, scanId: nonce(), scannedAt: t.clock.now().toISOString(), deviceId };
}

describe('scanTicket', () => {
  it('TIX-12 admits a valid ticket once, then answers « déjà utilisé » with when and by whom', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const first = await scanTicket(t.deps, online(at.eventId, ticket.token));
    expect(first).toMatchObject({
      result: 'valid',
      ticketId: ticket.ticketId,
      category: { fr: 'Régulier', en: 'Regular' },
      repeated: false,
      offline: false,
    });
    const stored = await ticketItem(ticket.orderId, ticket.ticketId);
    expect(stored).toMatchObject({ usedAt: first.scannedAt, usedBy: ana.userId, status: 'valid' });

    t.clock.advance(90_000);
    const second = await scanTicket(t.deps, online(at.eventId, ticket.token, ben, 'phone-ben'));
    expect(second).toMatchObject({
      result: 'alreadyUsed',
      usedAt: first.scannedAt,
      usedByName: 'Ana Gagnon',
    });
    // Both scans are in the history; the ticket kept its first admission.
    expect((await scansOf(at.eventId)).map((s) => s.result).sort()).toEqual(['alreadyUsed', 'valid']);
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBe(first.scannedAt);
  });

  it('TIX-12 refuses a cancelled ticket and records the refusal', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at, { status: 'cancelled' });
    const answer = await scanTicket(t.deps, online(at.eventId, ticket.token));
    expect(answer).toMatchObject({ result: 'cancelled', ticketId: ticket.ticketId });
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBeUndefined();
    expect((await scansOf(at.eventId)).map((s) => s.result)).toEqual(['cancelled']);
  });

  it('TIX-12 names the other event when it is this organization’s, and only then', async () => {
    const door = await t.event();
    const other = await t.event();
    const ticket = await t.ticket(other);
    const answer = await scanTicket(t.deps, online(door.eventId, ticket.token));
    expect(answer.result).toBe('otherEvent');
    expect(answer.otherEvent).toMatchObject({ eventId: other.eventId, title: `Spectacle ${other.eventId}` });
    expect(answer.otherEvent?.startsAt).toBeTruthy();
    // Not admitted there either: the door of another event changes nothing on the ticket.
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBeUndefined();

    const foreign = await t.event('ORG-B');
    const foreignTicket = await t.ticket(foreign);
    const refused = await scanTicket(t.deps, online(door.eventId, foreignTicket.token));
    expect(refused.result).toBe('otherEvent');
    expect(refused.otherEvent).toEqual({ eventId: foreign.eventId });
  });

  it('TIX-12 answers « billet inconnu » for a forged, an altered or a foreign code, and a ticket no order holds', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    // Signed with a key of nobody's keyring, same id as ours.
    const forged = signTicketToken(
      {
        ticketId: ticket.ticketId,
        orderId: ticket.orderId,
        eventId: at.eventId,
        occurrenceId: at.eventId,
        issuedAt: minutesAgo(5),
      },
      { keyId: 3, privateKey: generateKeyPairSync('ed25519').privateKey },
    );
    const last = ticket.token.at(-5) === 'A' ? 'B' : 'A';
    const altered = `${ticket.token.slice(0, -5)}${last}${ticket.token.slice(-4)}`;
    // A genuine signature over a ticket that was never written.
    const ghost = await t.signer.sign({
      ticketId: ulid(),
      orderId: ulid(),
      eventId: at.eventId,
      occurrenceId: at.eventId,
      issuedAt: minutesAgo(1),
    });
    for (const token of [forged, altered, 'https://example.org/not-a-ticket', ghost]) {
      const answer = await scanTicket(t.deps, online(at.eventId, token));
      expect(answer.result, token).toBe('unknown');
    }
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBeUndefined();
    expect(await scansOf(at.eventId)).toHaveLength(4);
  });

  it('TIX-12 refuses another organization’s member at the door (the event is « introuvable »)', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const stranger = await t.member('Chloé Tremblay', 'ORG-B');
    await expect(scanTicket(t.deps, online(at.eventId, ticket.token, stranger))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(doorList(t.deps, { actor: stranger, eventId: at.eventId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(scanHistory(t.deps, { actor: stranger, eventId: at.eventId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      syncScans(t.deps, {
        actor: stranger,
        eventId: at.eventId,
        scans: [{ ...online(at.eventId, ticket.token) }],
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBeUndefined();
    expect(await scansOf(at.eventId)).toHaveLength(0);
  });

  it('TIX-12 a scanId repeated after a lost answer returns the first answer and counts once', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const request = online(at.eventId, ticket.token);
    // The transaction commits, the answer never reaches the phone.
    const faulty = withFaultyEntry(t.deps, t.bed, {
      command: 'TransactWriteCommand',
      when: 'after',
      times: 1,
    });
    await expect(scanTicket(faulty, request)).rejects.toThrow('injected crash after the call');
    expect(faulty.left()).toBe(0);
    t.clock.advance(5_000);
    // The phone uploads the same scan again (later, so the server's time differs).
    const retry = await scanTicket(t.deps, request);
    expect(retry).toMatchObject({ result: 'valid', repeated: true, ticketId: ticket.ticketId });
    const again = await scanTicket(t.deps, request);
    expect(again).toMatchObject({ result: 'valid', repeated: true, scannedAt: retry.scannedAt });
    expect(await scansOf(at.eventId)).toHaveLength(1);
    // A refusal is remembered the same way: the same nonce never turns into « déjà utilisé ».
    const refusal = online(at.eventId, 'garbage');
    expect((await scanTicket(t.deps, refusal)).repeated).toBe(false);
    expect(await scanTicket(t.deps, refusal)).toMatchObject({ result: 'unknown', repeated: true });
    expect(await scansOf(at.eventId)).toHaveLength(2);
  });

  it('TIX-12 a crash before the write records nothing: the retry admits', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const request = online(at.eventId, ticket.token);
    const faulty = withFaultyEntry(t.deps, t.bed, {
      command: 'TransactWriteCommand',
      when: 'before',
      times: 1,
    });
    await expect(scanTicket(faulty, request)).rejects.toThrow('injected crash before the call');
    expect(await scansOf(at.eventId)).toHaveLength(0);
    expect(await scanTicket(t.deps, request)).toMatchObject({ result: 'valid', repeated: false });
  });

  it('TIX-12 ten phones scanning one ticket at once admit it exactly once', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        scanTicket(t.deps, online(at.eventId, ticket.token, ana, `door-${index}`)),
      ),
    );
    expect(answers.filter((a) => a.result === 'valid')).toHaveLength(1);
    expect(answers.filter((a) => a.result === 'alreadyUsed')).toHaveLength(9);
    expect(await scansOf(at.eventId)).toHaveLength(10);
  });
});

describe('doorList', () => {
  it('TIX-12 lists the event’s tickets from g3 with categories and the public keys', async () => {
    const at = await t.event();
    const used = await t.ticket(at);
    const cancelled = await t.ticket(at, { status: 'cancelled' });
    const fresh = await t.ticket(at);
    const elsewhere = await t.event();
    await t.ticket(elsewhere);
    await scanTicket(t.deps, online(at.eventId, used.token));
    const list = await doorList(t.deps, { actor: ana, eventId: at.eventId });
    const byId = new Map(list.tickets.map((ticket) => [ticket.ticketId, ticket]));
    expect(list.tickets).toHaveLength(3);
    expect(byId.get(used.ticketId)?.usedAt).toBeTruthy();
    expect(byId.get(cancelled.ticketId)?.status).toBe('cancelled');
    expect(byId.get(fresh.ticketId)).toMatchObject({ status: 'valid', ticketTypeId: at.ticketTypeId });
    expect(byId.get(fresh.ticketId)?.usedAt).toBeUndefined();
    expect(list.categories).toEqual([{ ticketTypeId: at.ticketTypeId, fr: 'Régulier', en: 'Regular' }]);
    expect(list.keys).toHaveLength(1);
    expect(list.keys[0]?.keyId).toBe(3);
    // The raw key verifies a token with WebCrypto, as the phone does.
    const key = await crypto.subtle.importKey(
      'raw',
      Buffer.from(list.keys[0]?.publicKey ?? '', 'base64url'),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const bytes = Buffer.from(fresh.token, 'base64url');
    const ok = await crypto.subtle.verify(
      'Ed25519',
      key,
      bytes.subarray(bytes.length - 64),
      bytes.subarray(0, bytes.length - 64),
    );
    expect(ok).toBe(true);
  });
});

describe('syncScans', () => {
  it('TIX-12 two offline phones admitted one ticket: both recorded, the conflict reported, the earliest keeps usedAt', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const early = { scanId: nonce(), token: ticket.token, scannedAt: minutesAgo(30), deviceId: 'phone-ana' };
    const late = { scanId: nonce(), token: ticket.token, scannedAt: minutesAgo(20), deviceId: 'phone-ben' };
    // Ben's phone comes back online first: its later scan admits the ticket for now.
    const benSync = await syncScans(t.deps, { actor: ben, eventId: at.eventId, scans: [late] });
    expect(benSync.answers[0]).toMatchObject({ result: 'valid', scannedAt: late.scannedAt, offline: true });
    expect(benSync.conflicts).toEqual([]);
    // Then Ana's: her scan was earlier, it takes usedAt over; both admissions are a conflict.
    const anaSync = await syncScans(t.deps, { actor: ana, eventId: at.eventId, scans: [early] });
    expect(anaSync.answers[0]).toMatchObject({ result: 'valid', conflictWith: late.scanId });
    expect(anaSync.conflicts).toEqual([
      {
        ticketId: ticket.ticketId,
        usedAt: early.scannedAt,
        scans: [
          {
            scanId: early.scanId,
            scannedAt: early.scannedAt,
            deviceId: 'phone-ana',
            scannerName: 'Ana Gagnon',
          },
          {
            scanId: late.scanId,
            scannedAt: late.scannedAt,
            deviceId: 'phone-ben',
            scannerName: 'Benoît Roy',
          },
        ],
      },
    ]);
    expect(await ticketItem(ticket.orderId, ticket.ticketId)).toMatchObject({
      usedAt: early.scannedAt,
      usedBy: ana.userId,
    });
    const scans = await scansOf(at.eventId);
    expect(scans).toHaveLength(2);
    expect(Object.fromEntries(scans.map((s) => [s.scanId, s.conflictWith]))).toEqual({
      [early.scanId]: late.scanId,
      [late.scanId]: early.scanId,
    });
    // The organizer's history shows both, newest first, each marked.
    const history = await scanHistory(t.deps, { actor: ana, eventId: at.eventId });
    expect(history.scans.map((s) => [s.scanId, s.conflictWith, s.scannerName])).toEqual([
      [late.scanId, early.scanId, 'Benoît Roy'],
      [early.scanId, late.scanId, 'Ana Gagnon'],
    ]);
    // A third, later offline admission on Ana's phone after its own is no conflict.
    const again = await syncScans(t.deps, {
      actor: ana,
      eventId: at.eventId,
      scans: [
        {
          scanId: nonce(),
          token: ticket.token,
          scannedAt: minutesAgo(10),
          deviceId: 'phone-ana',
          admitted: false,
        },
      ],
    });
    expect(again.answers[0]).toMatchObject({
      result: 'alreadyUsed',
      usedAt: early.scannedAt,
      usedByName: 'Ana Gagnon',
    });
    expect(again.conflicts).toEqual([]);
  });

  it('TIX-12 an offline admission after an online one on another phone is a conflict; the online one keeps usedAt', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    t.clock.advance(60_000);
    const first = await scanTicket(t.deps, online(at.eventId, ticket.token, ben, 'phone-ben'));
    t.clock.advance(60_000);
    const offline = {
      scanId: nonce(),
      token: ticket.token,
      scannedAt: minutesAgo(0.5),
      deviceId: 'phone-ana',
    };
    const sync = await syncScans(t.deps, { actor: ana, eventId: at.eventId, scans: [offline] });
    expect(sync.answers[0]).toMatchObject({
      result: 'alreadyUsed',
      usedAt: first.scannedAt,
      conflictWith: first.scanId,
    });
    expect(sync.conflicts[0]?.scans.map((s) => s.scanId)).toEqual([first.scanId, offline.scanId]);
    expect((await ticketItem(ticket.orderId, ticket.ticketId))?.usedAt).toBe(first.scannedAt);
  });

  it('TIX-12 syncs 500 scans in one call, idempotent when the upload is retried', async () => {
    const at = await t.event();
    // Written 20 at a time: 490 connections at once would outrun DynamoDB Local on a loaded machine.
    const tickets: Awaited<ReturnType<typeof t.ticket>>[] = [];
    for (let index = 0; index < 480; index += 20) {
      tickets.push(...(await Promise.all(Array.from({ length: 20 }, () => t.ticket(at)))));
    }
    const cancelled = await Promise.all(
      Array.from({ length: 10 }, () => t.ticket(at, { status: 'cancelled' })),
    );
    const scans = [
      ...tickets.map((ticket, index) => ({
        scanId: nonce(),
        token: ticket.token,
        scannedAt: minutesAgo(600 - index),
        deviceId: 'phone-ana',
      })),
      ...cancelled.map((ticket) => ({
        scanId: nonce(),
        token: ticket.token,
        scannedAt: minutesAgo(5),
        deviceId: 'phone-ana',
      })),
      // The same ticket twice on the same phone: the second is « déjà utilisé », no conflict.
      ...Array.from({ length: 10 }, (_, index) => ({
        scanId: nonce(),
        token: tickets[index]?.token ?? '',
        scannedAt: minutesAgo(2),
        deviceId: 'phone-ana',
        admitted: false,
      })),
    ];
    expect(scans).toHaveLength(maxScansPerSync);
    const sync = await syncScans(t.deps, { actor: ana, eventId: at.eventId, scans });
    const count = (result: string) => sync.answers.filter((a) => a.result === result).length;
    expect(sync.answers).toHaveLength(500);
    expect([count('valid'), count('cancelled'), count('alreadyUsed')]).toEqual([480, 10, 10]);
    expect(sync.conflicts).toEqual([]);
    expect(sync.answers.map((a) => a.scanId)).toEqual(scans.map((s) => s.scanId));
    // The upload is retried whole (the answer was lost): nothing counts twice.
    const retry = await syncScans(t.deps, { actor: ana, eventId: at.eventId, scans });
    expect(retry.answers.every((a) => a.repeated)).toBe(true);
    expect(retry.answers.map((a) => a.result)).toEqual(sync.answers.map((a) => a.result));
    expect(await scansOf(at.eventId)).toHaveLength(500);
    const first = tickets[0];
    expect((await ticketItem(first?.orderId ?? '', first?.ticketId ?? ''))?.usedAt).toBe(scans[0]?.scannedAt);
    await expect(
      syncScans(t.deps, {
        actor: ana,
        eventId: at.eventId,
        scans: [...scans, scans[0] as (typeof scans)[number]],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  }, 120_000);

  it('TIX-12 a device clock ahead of the server is not trusted beyond the upload', async () => {
    const at = await t.event();
    const ticket = await t.ticket(at);
    const future = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const sync = await syncScans(t.deps, {
      actor: ana,
      eventId: at.eventId,
      scans: [{ scanId: nonce(), token: ticket.token, scannedAt: future, deviceId: 'phone-ana' }],
    });
    expect(sync.answers[0]?.scannedAt).toBe(t.clock.now().toISOString());
  });
});
