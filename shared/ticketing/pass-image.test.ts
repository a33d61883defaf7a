import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { PassChangedError } from './errors';
import {
  attachPassImage,
  PassImageNotCroppedError,
  passCardImages,
  passPageImage,
  removePassImage,
} from './pass-image';
import { readPass, savePass } from './passes';
import { start, type TicketingBed, ticketingBed } from './ticketing.test-support';

/**
 * TIX-08: a pass's theme image against DynamoDB Local — attached in one transaction with the image's
 * expiry removed, another organization's image and a crop-less one refused with nothing written, a
 * refused pass write leaving the image to expire, the form's save keeping the image, and the crops
 * the pages read.
 */
let t: TicketingBed;

beforeAll(async () => {
  t = await ticketingBed('pass-image');
});

const actor = { userId: 'U-STAFF' };
const expiry = 2_000_000_000;

async function organization(): Promise<string> {
  const orgId = `ORG-${ulid()}`;
  await t.deps.db.identity.entities.organization
    .create({
      orgId,
      name: `Théâtre ${orgId}`,
      nameKey: `theatre ${orgId}`,
      status: 'active',
      createdAt: start,
      createdBy: 'U-TEST',
    })
    .go();
  return orgId;
}

async function published(orgId: string): Promise<string> {
  const eventId = await t.event(orgId);
  const { data } = await t.deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true });
  if (!data) throw new Error('the draft event was not written');
  await t.deps.db.calendar.entities.event.put({ ...data, status: 'published', publishedAt: start }).go();
  return eventId;
}

/** A pass of a new organization over two of its published events. */
async function newPass(): Promise<{ passId: string; orgId: string; version: number }> {
  const orgId = await organization();
  const eventIds = [await published(orgId), await published(orgId)];
  const saved = await savePass(t.deps, {
    actor,
    fields: {
      orgId,
      title: 'Passe festival',
      eventIds,
      status: 'active',
      salesStartAt: '2026-12-01T09:00:00-05:00',
      salesEndAt: '2027-01-31T23:00:00-05:00',
    },
  });
  return { ...saved, orgId };
}

/** An image as the pipeline leaves it once cropped, still expiring (never attached). */
async function image(orgId: string, kinds: ('calendar' | 'sheet' | 'social')[] = ['calendar', 'sheet']) {
  const imageId = `IMG-${ulid()}`;
  await t.deps.db.calendar.entities.image
    .put({
      imageId,
      orgId,
      objectKey: `images/${orgId}/${imageId}`,
      status: 'cropped',
      width: 1600,
      height: 1200,
      bytes: 400_000,
      createdAt: start,
      expiresAt: expiry,
    })
    .go();
  for (const kind of kinds) {
    await t.deps.db.calendar.entities.crop
      .put({
        imageId,
        orgId,
        kind,
        left: 0,
        top: 0,
        width: 900,
        height: 1200,
        renditions: [
          {
            width: 480,
            height: 640,
            format: 'webp',
            contentType: 'image/webp',
            key: `crops/${imageId}/${kind}-480.webp`,
            sizeBytes: 1,
          },
          {
            width: 480,
            height: 640,
            format: 'jpeg',
            contentType: 'image/jpeg',
            key: `crops/${imageId}/${kind}-480.jpg`,
            sizeBytes: 1,
          },
        ],
        primaryKey: `crops/${imageId}/${kind}-480.jpg`,
        createdAt: start,
      })
      .go();
  }
  return imageId;
}

const imageItem = async (imageId: string) =>
  (await t.deps.db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;

describe('TIX-08 attachPassImage', () => {
  it('TIX-08 attaches a cropped image of the selling organization: the pass names it, the image no longer expires', async () => {
    const pass = await newPass();
    const imageId = await image(pass.orgId);
    const { version } = await attachPassImage(t.deps, {
      actor,
      passId: pass.passId,
      imageId,
      expectedVersion: pass.version,
    });
    expect(version).toBe(pass.version + 1);
    const stored = await readPass(t.deps, pass.passId, { consistent: true });
    expect(stored?.imageId).toBe(imageId);
    expect(stored?.version).toBe(version);
    expect((await imageItem(imageId))?.expiresAt).toBeUndefined();

    // Saving the pass's form afterwards keeps its image.
    await savePass(t.deps, {
      actor,
      passId: pass.passId,
      expectedVersion: version,
      fields: {
        orgId: pass.orgId,
        title: 'Passe festival, édition 2',
        eventIds: stored?.eventIds ?? [],
        status: 'active',
        salesStartAt: '2026-12-01T09:00:00-05:00',
        salesEndAt: '2027-01-31T23:00:00-05:00',
      },
    });
    expect((await readPass(t.deps, pass.passId, { consistent: true }))?.imageId).toBe(imageId);
  });

  it('TIX-08 ROLE-06 an image of another organization is not found, and nothing changes', async () => {
    const pass = await newPass();
    const foreign = await image(await organization());
    await expect(
      attachPassImage(t.deps, {
        actor,
        passId: pass.passId,
        imageId: foreign,
        expectedVersion: pass.version,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const stored = await readPass(t.deps, pass.passId, { consistent: true });
    expect(stored?.imageId).toBeUndefined();
    expect(stored?.version).toBe(pass.version);
    expect((await imageItem(foreign))?.expiresAt).toBe(expiry);
    // A forged id is answered the same way.
    await expect(
      attachPassImage(t.deps, {
        actor,
        passId: pass.passId,
        imageId: 'IMG-NONE',
        expectedVersion: pass.version,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('TIX-08 an image without its calendar crop is refused, and nothing is written', async () => {
    const pass = await newPass();
    const imageId = await image(pass.orgId, ['sheet']);
    await expect(
      attachPassImage(t.deps, { actor, passId: pass.passId, imageId, expectedVersion: pass.version }),
    ).rejects.toBeInstanceOf(PassImageNotCroppedError);
    expect((await readPass(t.deps, pass.passId, { consistent: true }))?.imageId).toBeUndefined();
    expect((await imageItem(imageId))?.expiresAt).toBe(expiry);
  });

  it('TIX-08 a pass changed since staff loaded it is refused, and an unknown pass is not found', async () => {
    const pass = await newPass();
    const imageId = await image(pass.orgId);
    await expect(
      attachPassImage(t.deps, { actor, passId: pass.passId, imageId, expectedVersion: pass.version + 1 }),
    ).rejects.toBeInstanceOf(PassChangedError);
    await expect(
      attachPassImage(t.deps, { actor, passId: 'NO-SUCH-PASS', imageId, expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await imageItem(imageId))?.expiresAt).toBe(expiry);
  });

  it('TIX-08 the expiry is cleared in the pass write’s transaction: a pass write refused leaves the image expiring', async () => {
    const pass = await newPass();
    const imageId = await image(pass.orgId);
    // Another tab saves the pass between the read and the transaction: the pass's condition fails there.
    const racing = withConcurrentPassWrite(t.deps, pass.passId);
    await expect(
      attachPassImage(racing, { actor, passId: pass.passId, imageId, expectedVersion: pass.version }),
    ).rejects.toBeInstanceOf(PassChangedError);
    const stored = await readPass(t.deps, pass.passId, { consistent: true });
    expect(stored?.version).toBe(pass.version + 1);
    expect(stored?.imageId).toBeUndefined();
    expect((await imageItem(imageId))?.expiresAt).toBe(expiry);
  });
});

/** Deps whose pass reads are followed, before they answer, by another writer's version bump. */
function withConcurrentPassWrite(deps: Deps, passId: string): Deps {
  const entities = deps.db.ticketing.entities;
  const pass = new Proxy(entities.pass, {
    get(target, property, receiver) {
      if (property !== 'get') return Reflect.get(target, property, receiver);
      return (key: { passId: string }) => {
        const query = target.get(key);
        return {
          go: async (options?: { consistent?: boolean }) => {
            const result = await query.go(options);
            await target.patch({ passId }).add({ version: 1 }).go();
            return result;
          },
        };
      };
    },
  });
  const ticketing = new Proxy(deps.db.ticketing, {
    get: (target, property, receiver) =>
      property === 'entities'
        ? new Proxy(entities, {
            get: (all, name, inner) => (name === 'pass' ? pass : Reflect.get(all, name, inner)),
          })
        : Reflect.get(target, property, receiver),
  });
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) =>
      property === 'ticketing' ? ticketing : Reflect.get(target, property, receiver),
  });
  return { ...deps, db };
}

describe('TIX-08 removePassImage and the pages’ crops', () => {
  it('TIX-08 the tab reads the calendar crop, the page the sheet crop and the share image; removed, none', async () => {
    const pass = await newPass();
    const other = await newPass();
    const imageId = await image(pass.orgId, ['calendar', 'sheet', 'social']);
    const { version } = await attachPassImage(t.deps, {
      actor,
      passId: pass.passId,
      imageId,
      expectedVersion: pass.version,
    });
    const withImage = await readPass(t.deps, pass.passId, { consistent: true });
    const without = await readPass(t.deps, other.passId, { consistent: true });
    if (!withImage || !without) throw new Error('the passes were not written');
    const cards = await passCardImages(t.deps, [withImage, without]);
    expect(cards.get(pass.passId)?.primaryKey).toBe(`crops/${imageId}/calendar-480.jpg`);
    expect(cards.get(pass.passId)?.renditions).toHaveLength(2);
    expect(cards.has(other.passId)).toBe(false);
    const page = await passPageImage(t.deps, withImage);
    expect(page.sheet?.primaryKey).toBe(`crops/${imageId}/sheet-480.jpg`);
    expect(page.shareImageKey).toBe(`crops/${imageId}/social-480.jpg`);
    expect(await passPageImage(t.deps, without)).toEqual({});

    await expect(
      removePassImage(t.deps, { actor, passId: pass.passId, expectedVersion: version - 1 }),
    ).rejects.toBeInstanceOf(PassChangedError);
    const removed = await removePassImage(t.deps, { actor, passId: pass.passId, expectedVersion: version });
    expect(removed.version).toBe(version + 1);
    const after = await readPass(t.deps, pass.passId, { consistent: true });
    expect(after?.imageId).toBeUndefined();
    expect((await passCardImages(t.deps, after ? [after] : [])).size).toBe(0);
  });
});
