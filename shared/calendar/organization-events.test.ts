import { beforeAll, describe, expect, it } from 'vitest';
import { s3FileStore } from '../adapters/s3-files';
import { NotFoundError } from '../kernel/errors';
import { sendBackEvent, submitForApproval } from './approval';
import { type CalendarBed, calendarBed, organizer, organizerB, staffActor } from './calendar.test-support';
import { EventChangedMeanwhileError, EventRuleError } from './errors';
import { ImageNotReadyError, originalImageUrl, originalKey } from './event-images';
import { attachEventImage, eventForEditing, organizationEvents } from './organization-events';
import { saveEvent } from './save-event';

/** The organization portal's event use cases (ORG-02, ORG-04..07, ROLE-06) against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('org-events');
});

const eventItem = async (eventId: string) =>
  (await t.deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;
const imageItem = async (imageId: string) =>
  (await t.deps.db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;

/** An image as `startImageUpload` leaves it: expiring in 24 h until attached. */
async function expiringImage(options: { calendarCrop?: boolean; orgId?: string } = {}) {
  const imageId = await t.image(options);
  await t.deps.db.calendar.entities.image.patch({ imageId }).set({ expiresAt: 2_000_000_000 }).go();
  return imageId;
}

describe('attachEventImage', () => {
  it('ORG-06 attaches a cropped image: the event names it and the image no longer expires', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Attache' }) });
    const imageId = await expiringImage();
    expect((await imageItem(imageId))?.expiresAt).toBe(2_000_000_000);
    const { version } = await attachEventImage(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: saved.version,
      imageId,
    });
    expect(version).toBe(saved.version + 1);
    const event = await eventItem(saved.eventId);
    expect(event?.imageId).toBe(imageId);
    expect(event?.version).toBe(version);
    expect((await imageItem(imageId))?.expiresAt).toBeUndefined();
  });

  it('ORG-06 ROLE-06 an image of another organization is not found and nothing changes', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Volée' }) });
    const foreign = await expiringImage({ orgId: organizerB.orgId });
    await expect(
      attachEventImage(t.deps, {
        actor: organizer,
        eventId: saved.eventId,
        expectedVersion: saved.version,
        imageId: foreign,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await eventItem(saved.eventId))?.imageId).toBeUndefined();
    expect((await imageItem(foreign))?.expiresAt).toBe(2_000_000_000);
    // Nor may organization B attach anything to A's event.
    await expect(
      attachEventImage(t.deps, {
        actor: organizerB,
        eventId: saved.eventId,
        expectedVersion: saved.version,
        imageId: foreign,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('ORG-06 an image without its calendar crop is refused and nothing is written', async () => {
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Sans recadrage' }),
    });
    const imageId = await expiringImage({ calendarCrop: false });
    const error = await attachEventImage(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: saved.version,
      imageId,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventRuleError);
    expect((error as EventRuleError).code).toBe('calendar_crop_missing');
    expect((await eventItem(saved.eventId))?.version).toBe(saved.version);
    expect((await imageItem(imageId))?.expiresAt).toBe(2_000_000_000);
  });

  it('ORG-06 ORG-05 two editors attaching from the same version at once: one wins, the other is told', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Course' }) });
    const [first, second] = [await expiringImage(), await expiringImage()];
    const outcomes = await Promise.allSettled(
      [first, second].map((imageId) =>
        attachEventImage(t.deps, {
          actor: organizer,
          eventId: saved.eventId,
          expectedVersion: saved.version,
          imageId,
        }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(EventChangedMeanwhileError);
    expect((await eventItem(saved.eventId))?.version).toBe(saved.version + 1);
    // A stale version afterwards is refused too.
    await expect(
      attachEventImage(t.deps, {
        actor: organizer,
        eventId: saved.eventId,
        expectedVersion: saved.version,
        imageId: first,
      }),
    ).rejects.toBeInstanceOf(EventChangedMeanwhileError);
  });
});

describe('eventForEditing', () => {
  it('ORG-05 ROLE-06 the form gets the main date apart from the extra ones; another organization gets not found', async () => {
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: 'Deux soirs',
        extraDates: [{ startsAt: '2026-12-13T19:30', endsAt: '2026-12-13T22:00' }],
      }),
    });
    const editing = await eventForEditing(t.deps, { actor: organizer, eventId: saved.eventId });
    expect(editing.event.title).toBe('Deux soirs');
    expect(editing.mainDate?.main).toBe(true);
    expect(editing.extraDates).toHaveLength(1);
    expect(editing.extraDates[0]?.main).toBe(false);
    await expect(
      eventForEditing(t.deps, { actor: organizerB, eventId: saved.eventId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('organizationEvents', () => {
  it('ORG-04 ORG-02 ORG-07 events by state, a sent-back draft with its note, upcoming first, only the organization’s own', async () => {
    const bed = await calendarBed('org-events-list', '2026-12-10T15:00:00.000Z');
    const past = await saveEvent(bed.deps, {
      actor: organizer,
      fields: bed.fields({ title: 'Passé', startsAt: '2026-12-01T19:00', endsAt: '2026-12-01T21:00' }),
    });
    const later = await saveEvent(bed.deps, {
      actor: organizer,
      fields: bed.fields({ title: 'Plus tard', startsAt: '2027-01-20T19:00', endsAt: '2027-01-20T21:00' }),
    });
    const soon = await saveEvent(bed.deps, {
      actor: organizer,
      fields: bed.fields({ title: 'Bientôt', startsAt: '2026-12-12T19:00', endsAt: '2026-12-12T21:00' }),
    });
    const imageId = await bed.image();
    const withImage = await saveEvent(bed.deps, {
      actor: organizer,
      eventId: soon.eventId,
      expectedVersion: soon.version,
      fields: bed.fields({
        title: 'Bientôt',
        startsAt: '2026-12-12T19:00',
        endsAt: '2026-12-12T21:00',
        imageId,
      }),
    });
    await submitForApproval(bed.deps, {
      actor: organizer,
      eventId: soon.eventId,
      expectedVersion: withImage.version,
      note: 'Merci',
    });
    await sendBackEvent(bed.deps, { actor: staffActor, eventId: soon.eventId, note: 'Ajoutez le prix.' });
    await saveEvent(bed.deps, { actor: organizerB, fields: bed.fields({ title: 'Autre organisme' }) });

    const list = await organizationEvents(bed.deps, { orgId: organizer.orgId });
    expect(list.byState.sentBack.map((event) => event.title)).toEqual(['Bientôt']);
    expect(list.byState.sentBack[0]?.reviewNote).toBe('Ajoutez le prix.');
    // Upcoming first (soonest first), then the past ones.
    expect(list.byState.draft.map((event) => event.eventId)).toEqual([later.eventId, past.eventId]);
    expect(list.byState.draft[1]?.past).toBe(true);
    expect(list.counts).toEqual({ sentBack: 1, draft: 2, submitted: 0, published: 0 });
    expect(list.upcoming.map((event) => event.title)).toEqual(['Bientôt', 'Plus tard']);
    expect(list.partial).toBe(false);
    const all = Object.values(list.byState).flat();
    expect(all.map((event) => event.title)).not.toContain('Autre organisme');
  });
});

describe('originalImageUrl', () => {
  it('ORG-06 ROLE-06 the organizer gets a short link to the inspected original; not before, not another organization', async () => {
    const files = s3FileStore(process.env);
    const deps = { ...t.deps, files };
    const imageId = `IMG-original-${Date.now()}`;
    const objectKey = originalKey(organizer.orgId, imageId);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    await files.put({
      bucket: 'uploads',
      key: objectKey,
      body: bytes,
      contentType: 'application/octet-stream',
    });
    const { image } = t.deps.db.calendar.entities;
    await image
      .put({
        imageId,
        orgId: organizer.orgId,
        objectKey,
        status: 'checking',
        createdAt: t.clock.now().toISOString(),
      })
      .go();
    // Not inspected yet: no link.
    await expect(originalImageUrl(deps, { actor: organizer, imageId })).rejects.toBeInstanceOf(
      ImageNotReadyError,
    );
    await image
      .patch({ imageId })
      .set({ status: 'ready', contentType: 'image/jpeg', width: 1600, height: 1200 })
      .go();
    const { url, expiresAt } = await originalImageUrl(deps, { actor: organizer, imageId });
    expect(Date.parse(expiresAt) - t.clock.now().getTime()).toBe(30 * 60 * 1000);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    // The type read from the bytes is signed into the link (the local S3 engine does not apply it).
    expect(new URL(url).searchParams.get('response-content-type')).toBe('image/jpeg');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1800');
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(bytes);
    await expect(originalImageUrl(deps, { actor: organizerB, imageId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
