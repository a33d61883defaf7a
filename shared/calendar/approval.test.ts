import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { renderTemplate } from '../templates/email';
import { approvalQueue, approveEvent, sendBackEvent, submitForApproval } from './approval';
import { type CalendarBed, calendarBed, organizer, organizerB, staffActor } from './calendar.test-support';
import { StaffOnlyError } from './errors';
import { saveEvent } from './save-event';

/** The approval conversation (ORG-07) with its e-mails in the outbox, against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-approval');
});

const outbox = async (from: number) =>
  Promise.all(
    t.published
      .slice(from)
      .map(
        async (messageId) =>
          (await t.deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true })).data,
      ),
  );

async function draft(title: string, withImage = true) {
  const imageId = withImage ? await t.image() : undefined;
  return saveEvent(t.deps, { actor: organizer, fields: t.fields({ title, imageId }) });
}

describe('approval', () => {
  it('ORG-07 submit with a note: the event waits in the queue, staff are e-mailed with the note', async () => {
    const saved = await draft('À approuver');
    const before = t.published.length;
    await submitForApproval(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: 1,
      note: 'Merci!',
    });
    const event = await t.bed.item(`EVENT#${saved.eventId}`, 'EVENT');
    expect(event).toMatchObject({ status: 'submitted', version: 2, gsi1pk: 'EVENTS#submitted' });
    const mails = await outbox(before);
    expect(mails.map((m) => [m?.templateId, m?.to]).sort()).toEqual([
      ['event.submitted', 'equipe@parvis.example'],
      ['event.submitted', 'second@parvis.example'],
    ]);
    expect(mails[0]?.data).toMatchObject({
      eventTitle: 'À approuver',
      note: 'Merci!',
      organizationName: 'Spect’Art Rimouski',
    });
    // Each in their own language, the link to the page in that language.
    const byAddress = new Map(mails.map((m) => [m?.to, m]));
    expect(byAddress.get('equipe@parvis.example')).toMatchObject({ locale: 'fr' });
    expect(byAddress.get('second@parvis.example')).toMatchObject({ locale: 'en' });
    expect(byAddress.get('second@parvis.example')?.data).toMatchObject({
      actionUrl: expect.stringContaining('/en/console/evenements/a-approuver'),
    });
    const queue = await approvalQueue(t.deps);
    expect(queue.events.map((e) => e.eventId)).toContain(saved.eventId);
    // Submitting twice is refused.
    await expect(
      submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: 'not_a_draft' });
  });

  it('ORG-07 a note with markup is kept as text and escaped in the e-mail', async () => {
    const saved = await draft('Note piégée');
    const payload = '<script>alert(1)</script><a href="javascript:alert(1)">clic</a>';
    const before = t.published.length;
    await submitForApproval(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: 1,
      note: payload,
    });
    const reviews = (
      await t.deps.db.calendar.entities.reviewEntry.query.byEvent({ eventId: saved.eventId }).go()
    ).data;
    expect(reviews[0]?.note).toBe(payload);
    const [mail] = await outbox(before);
    const rendered = renderTemplate('event.submitted', 'fr', mail?.data as Record<string, unknown>);
    expect(rendered.text).toContain(payload);
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('href="javascript:');
  });

  it('ORG-06 ORG-07 an event without an image cannot be submitted', async () => {
    const saved = await draft('Sans image', false);
    await expect(
      submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'image_required' });
  });

  it('ORG-07 ROLE-06 only staff decide, and another organization cannot submit', async () => {
    const saved = await draft('Décision');
    await expect(
      submitForApproval(t.deps, { actor: organizerB, eventId: saved.eventId, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1 });
    await expect(approveEvent(t.deps, { actor: organizer, eventId: saved.eventId })).rejects.toBeInstanceOf(
      StaffOnlyError,
    );
    await expect(
      sendBackEvent(t.deps, { actor: organizer, eventId: saved.eventId, note: 'non' }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
  });

  it('ORG-07 two staff approving at once: one approval, one e-mail', async () => {
    const saved = await draft('Course à l’approbation');
    await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1 });
    const before = t.published.length;
    const results = await Promise.allSettled([
      approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId }),
      approveEvent(t.deps, { actor: { ...staffActor, userId: 'U-STAFF-2' }, eventId: saved.eventId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      code: expect.stringMatching(/not_submitted|event_changed_meanwhile/),
    });
    const mails = await outbox(before);
    expect(mails.map((m) => [m?.templateId, m?.to])).toEqual([['event.approved', 'helene@spectart.example']]);
    const reviews = (
      await t.deps.db.calendar.entities.reviewEntry.query.byEvent({ eventId: saved.eventId }).go()
    ).data;
    expect(reviews.map((r) => r.action)).toEqual(['submitted', 'approved']);
    expect(await t.bed.item(`EVENT#${saved.eventId}`, 'EVENT')).toMatchObject({
      status: 'published',
      version: 3,
      gsi1pk: 'EVENTS#published',
    });
    expect((await approvalQueue(t.deps)).events.map((e) => e.eventId)).not.toContain(saved.eventId);
  });

  it('ORG-07 send back requires a note; the event returns to draft with the note, the organizer is e-mailed it', async () => {
    const saved = await draft('À revoir');
    await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1 });
    await expect(
      sendBackEvent(t.deps, { actor: staffActor, eventId: saved.eventId, note: '   ' }),
    ).rejects.toBeInstanceOf(ValidationError);
    const before = t.published.length;
    await sendBackEvent(t.deps, {
      actor: staffActor,
      eventId: saved.eventId,
      note: 'Ajoutez le lien de billetterie.',
    });
    const event = await t.bed.item(`EVENT#${saved.eventId}`, 'EVENT');
    expect(event).toMatchObject({
      status: 'draft',
      reviewNote: 'Ajoutez le lien de billetterie.',
      version: 3,
    });
    expect(event?.gsi1pk).toBeUndefined();
    const mails = await outbox(before);
    expect(
      mails.map((m) => [m?.templateId, m?.to, (m?.data as { note?: string } | undefined)?.note]),
    ).toEqual([['event.sentBack', 'helene@spectart.example', 'Ajoutez le lien de billetterie.']]);
    // Approving it now is refused: it is no longer submitted.
    await expect(approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId })).rejects.toMatchObject({
      code: 'not_submitted',
    });
    // Resubmitting clears the note.
    await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 3 });
    expect((await t.bed.item(`EVENT#${saved.eventId}`, 'EVENT'))?.reviewNote).toBeUndefined();
  });
});
