import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, type DomainError, NotFoundError, ValidationError } from '../kernel/errors';
import {
  type CalendarBed,
  calendarBed,
  organizer,
  organizerB,
  ref,
  staffActor,
} from './calendar.test-support';
import { EventChangedMeanwhileError, SlugTakenError, StaffOnlyError } from './errors';
import { saveEvent } from './save-event';

/** Saving events (ORG-05, CAL-04, CAL-05, CAL-06, ROLE-06) against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-save');
});

const eventItem = async (eventId: string) => t.bed.item(`EVENT#${eventId}`, 'EVENT');

describe('saveEvent', () => {
  it('ORG-05 creates a draft with every field of the form', async () => {
    const imageId = await t.image();
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: 'Carmen | Opéra de Montréal',
        presenterOrgId: ref.orgB,
        venueIds: [ref.venueRimouski],
        categoryIds: [ref.music, ref.theatre],
        audienceIds: [ref.adults, ref.family],
        descriptionHtml: '<p>Un <strong>opéra</strong> de Bizet. <a href="https://example.org">Site</a></p>',
        extraDates: [{ startsAt: '2026-12-13T14:00', endsAt: '2026-12-13T16:30' }],
        online: true,
        onlineUrl: 'https://www.youtube.com/watch?v=abc',
        seoTitle: 'Carmen | Opéra de Montréal | Spect’Art Rimouski',
        seoKeywords: 'Musique | Opéra | Rimouski',
        facebookEventId: '1234567890123',
        soldOut: true,
        externalTicketingUrl: 'https://billets.example.org/carmen',
        priceMinCents: 2500,
        priceMaxCents: 6500,
        freeOption: true,
        imageId,
      }),
    });
    expect(saved).toMatchObject({ version: 1, status: 'draft', slug: 'carmen-opera-de-montreal' });
    const item = await eventItem(saved.eventId);
    expect(item).toMatchObject({
      orgId: ref.orgA,
      presenterOrgId: ref.orgB,
      categoryIds: [ref.music, ref.theatre],
      audienceIds: [ref.adults, ref.family],
      startsAt: '2026-12-13T00:30:00.000Z',
      endsAt: '2026-12-13T21:30:00.000Z',
      showTime: true,
      timeZone: 'America/Toronto',
      online: true,
      facebookEventId: '1234567890123',
      soldOut: true,
      priceMinCents: 2500,
      priceMaxCents: 6500,
      freeOption: true,
      featured: false,
      bigEvent: false,
      imageId,
    });
    // Drafts are not in the approval queue / published index.
    expect(item?.gsi1pk).toBeUndefined();
    expect(item?.gsi3pk).toBe(`ORG#${ref.orgA}`);
    const dates = await t.deps.db.calendar.entities.occurrence.query.byEvent({ eventId: saved.eventId }).go();
    expect(dates.data.map((d) => [d.startsAt, d.main])).toEqual([
      ['2026-12-13T00:30:00.000Z', true],
      ['2026-12-13T19:00:00.000Z', false],
    ]);
    expect(await t.bed.item('SLUG#carmen-opera-de-montreal', 'SLUG')).toMatchObject({
      eventId: saved.eventId,
    });
  });

  it('ORG-05 end before start is refused, and so is an additional date that ends before it starts', async () => {
    await expect(
      saveEvent(t.deps, {
        actor: organizer,
        fields: t.fields({ startsAt: '2026-12-12T19:30', endsAt: '2026-12-12T19:00' }),
      }),
    ).rejects.toMatchObject({ code: 'end_before_start' });
    await expect(
      saveEvent(t.deps, {
        actor: organizer,
        fields: t.fields({ extraDates: [{ startsAt: '2026-12-14T20:00', endsAt: '2026-12-14T19:00' }] }),
      }),
    ).rejects.toMatchObject({ code: 'end_before_start' });
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ startsAt: '2026-02-30T19:30' }) }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('ORG-05 the « Musée » category requires an exhibition type; unknown terms and venues are refused', async () => {
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ categoryIds: [ref.museum] }) }),
    ).rejects.toMatchObject({ code: 'exhibition_type_required' });
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Exposition', categoryIds: [ref.museum], exhibitionTypeId: ref.painting }),
    });
    expect((await eventItem(saved.eventId))?.exhibitionTypeId).toBe(ref.painting);
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ categoryIds: ['CAT-NOPE'] }) }),
    ).rejects.toMatchObject({ code: 'unknown_term' });
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ venueIds: ['V-NOPE'] }) }),
    ).rejects.toMatchObject({ code: 'unknown_venue' });
  });

  it('ORG-05 « À la une » and « Grand événement » are refused from an organizer and kept from staff', async () => {
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ featured: true }) }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ bigEvent: true }) }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    const saved = await saveEvent(t.deps, {
      actor: staffActor,
      fields: t.fields({ title: 'Festival', featured: true, bigEvent: true }),
    });
    expect(await eventItem(saved.eventId)).toMatchObject({ featured: true, bigEvent: true });
    expect(await t.bed.item('FEATURED', `EVENT#${saved.eventId}`)).toMatchObject({
      expiresAt: Math.floor(Date.parse('2026-12-13T03:00:00.000Z') / 1000),
    });
    // The organizer may save it again (sending the flags back unchanged) but not clear them.
    const again = await saveEvent(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: 1,
      fields: t.fields({ title: 'Festival', featured: true, bigEvent: true }),
    });
    expect(again.version).toBe(2);
    await expect(
      saveEvent(t.deps, {
        actor: organizer,
        eventId: saved.eventId,
        expectedVersion: 2,
        fields: t.fields({ title: 'Festival', featured: false }),
      }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
  });

  it('ORG-05 XSS payloads: plain fields stay text, the description keeps links and YouTube/Vimeo only', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: `Titre ${payload}`.slice(0, 150),
        seoTitle: '"><svg onload=alert(1)>',
        seoKeywords: payload,
        descriptionHtml: [
          '<p onclick="alert(1)">Texte <script>alert(1)</script><img src=x onerror=alert(1)></p>',
          '<a href="javascript:alert(1)">js</a>',
          '<a href="https://example.org" onmouseover="alert(1)" target="_blank">ok</a>',
          '<a href="mailto:info@example.org">mail</a>',
          '<iframe src="https://www.youtube.com/embed/abc123"></iframe>',
          '<iframe src="https://player.vimeo.com/video/42"></iframe>',
          '<iframe src="https://evil.example/embed/x"></iframe>',
          '<iframe src="javascript:alert(1)"></iframe>',
          '<style>body{display:none}</style><form action="https://evil.example"><input name=a></form>',
          '<svg><script>alert(1)</script></svg><object data="x"></object>',
        ].join(''),
      }),
    });
    const item = await eventItem(saved.eventId);
    expect(item?.title).toBe(`Titre ${payload}`);
    expect(item?.seoTitle).toBe('"><svg onload=alert(1)>');
    expect(item?.seoKeywords).toBe(payload);
    const html = String(item?.descriptionHtml);
    expect(html).not.toMatch(
      /script|onerror|onclick|onmouseover|javascript:|<img|<style|<form|<input|<svg|<object|evil/i,
    );
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html).toContain('<a href="mailto:info@example.org" rel="noopener noreferrer">mail</a>');
    expect(html).toContain('<iframe src="https://www.youtube.com/embed/abc123"></iframe>');
    expect(html).toContain('<iframe src="https://player.vimeo.com/video/42"></iframe>');
    expect(html.match(/<iframe/g)).toHaveLength(2);
    expect(saved.slug).toBe('titre-script-alert-1-script-img-src-x-onerror-alert-1');
  });

  it('ORG-05 URLs and ids are checked: ticketing https only, Facebook id digits only, caps on lengths', async () => {
    for (const fields of [
      { externalTicketingUrl: 'http://billets.example.org' },
      { externalTicketingUrl: 'javascript:alert(1)' },
      { onlineUrl: 'data:text/html,hi', online: true },
      { facebookEventId: 'https://facebook.com/events/123' },
      { title: 'x'.repeat(151) },
      { seoKeywords: 'k'.repeat(256) },
      { title: 'line\nbreak' },
      { priceMinCents: -1 },
    ]) {
      await expect(saveEvent(t.deps, { actor: organizer, fields: t.fields(fields) })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ priceMinCents: 5000, priceMaxCents: 1000 }) }),
    ).rejects.toMatchObject({ code: 'price_range' });
  });

  it('CAL-04 dates are read in the venue’s zone, across the clocks change', async () => {
    const paris = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: 'À Paris',
        venueIds: [ref.venueParis],
        startsAt: '2026-07-01T20:00',
        endsAt: '2026-07-01T22:00',
      }),
    });
    expect(await eventItem(paris.eventId)).toMatchObject({
      startsAt: '2026-07-01T18:00:00.000Z',
      timeZone: 'Europe/Paris',
    });
    // 8 March 2026: clocks go forward at 02:00 in Rimouski; 19:30 that evening is EDT (UTC−4).
    const spring = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: 'Le jour du changement',
        startsAt: '2026-03-08T19:30',
        endsAt: '2026-03-08T21:30',
      }),
    });
    expect(await eventItem(spring.eventId)).toMatchObject({ startsAt: '2026-03-08T23:30:00.000Z' });
  });

  it('ROLE-06 a forged organization id cannot update another organization’s event; nothing changes', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'À nous' }) });
    const before = await eventItem(saved.eventId);
    await expect(
      saveEvent(t.deps, {
        actor: organizerB,
        eventId: saved.eventId,
        expectedVersion: 1,
        fields: t.fields({ title: 'Volé' }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await eventItem(saved.eventId)).toEqual(before);
    expect(await t.bed.item('SLUG#vole', 'SLUG')).toBeUndefined();
  });

  it('ORG-09 staff edit any organization’s event, which stays that organization’s; unknown presenters are refused', async () => {
    const saved = await saveEvent(t.deps, { actor: organizerB, fields: t.fields({ title: 'Du musée' }) });
    const edited = await saveEvent(t.deps, {
      actor: { userId: 'U-STAFF', orgId: 'parvis', staff: true },
      eventId: saved.eventId,
      expectedVersion: 1,
      fields: t.fields({ title: 'Du musée (corrigé)' }),
    });
    expect(edited.version).toBe(2);
    expect(await eventItem(saved.eventId)).toMatchObject({
      orgId: ref.orgB,
      title: 'Du musée (corrigé)',
      updatedBy: 'U-STAFF',
    });
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ presenterOrgId: 'ORG-NOPE' }) }),
    ).rejects.toMatchObject({ code: 'unknown_presenter' });
  });

  it('ORG-05 two saves from the same loaded version: one is saved, the other gets a conflict and nothing merges', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Version un' }) });
    const results = await Promise.allSettled([
      saveEvent(t.deps, {
        actor: organizer,
        eventId: saved.eventId,
        expectedVersion: 1,
        fields: t.fields({ title: 'Version un', seoKeywords: 'de Alice', soldOut: true }),
      }),
      saveEvent(t.deps, {
        actor: { ...organizer, userId: 'U-BOB' },
        eventId: saved.eventId,
        expectedVersion: 1,
        fields: t.fields({ title: 'Version un', seoTitle: 'de Bob', free: true }),
      }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(EventChangedMeanwhileError);
    expect(rejected[0]).toBeInstanceOf(ConflictError);
    expect((rejected[0] as DomainError).userMessage.fr).toMatch(/Quelqu’un d’autre a enregistré/);
    const item = await eventItem(saved.eventId);
    expect(item?.version).toBe(2);
    // Exactly one editor's values, never a mix of both.
    const alice = item?.seoKeywords === 'de Alice' && item?.soldOut === true && item?.seoTitle === undefined;
    const bob = item?.seoTitle === 'de Bob' && item?.free === true && item?.seoKeywords === undefined;
    expect(alice !== bob).toBe(true);
    // A save naming an old version is refused too.
    await expect(
      saveEvent(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1, fields: t.fields() }),
    ).rejects.toBeInstanceOf(EventChangedMeanwhileError);
  });

  it('CAL-06 slugs: from the title with accents folded, unique with a suffix, custom ones checked', async () => {
    const first = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Théâtre : L’Œuvre!' }),
    });
    expect(first.slug).toBe('theatre-l-oeuvre');
    const second = await saveEvent(t.deps, {
      actor: organizerB,
      fields: t.fields({ title: 'Théâtre – l’œuvre' }),
    });
    expect(second.slug).toBe('theatre-l-oeuvre-2');
    await expect(
      saveEvent(t.deps, {
        actor: organizerB,
        fields: t.fields({ title: 'Autre', slug: 'theatre-l-oeuvre' }),
      }),
    ).rejects.toBeInstanceOf(SlugTakenError);
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ slug: 'Pas un slug!' }) }),
    ).rejects.toBeInstanceOf(ValidationError);
    const custom = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'X', slug: 'mon-evenement' }),
    });
    expect(custom.slug).toBe('mon-evenement');
  });

  it('CAL-06 a renamed event gets a new slug and its former slug redirects to it', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Ancien nom' }) });
    const renamed = await saveEvent(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: 1,
      fields: t.fields({ title: 'Nouveau nom' }),
    });
    expect(renamed.slug).toBe('nouveau-nom');
    expect(await t.bed.item('SLUG#ancien-nom', 'SLUG')).toMatchObject({
      eventId: saved.eventId,
      redirect: 'nouveau-nom',
    });
    expect(await t.bed.item('SLUG#nouveau-nom', 'SLUG')).toMatchObject({ eventId: saved.eventId });
    expect((await t.bed.item('SLUG#nouveau-nom', 'SLUG'))?.redirect).toBeUndefined();
    // The former slug stays reserved for this event.
    const other = await saveEvent(t.deps, { actor: organizerB, fields: t.fields({ title: 'Ancien nom' }) });
    expect(other.slug).toBe('ancien-nom-2');
  });

  it('CAL-06 two events taking the same slug at the same moment get one each', async () => {
    const results = await Promise.all([
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Course au slug' }) }),
      saveEvent(t.deps, { actor: organizerB, fields: t.fields({ title: 'Course au slug' }) }),
    ]);
    expect(new Set(results.map((r) => r.slug))).toEqual(new Set(['course-au-slug', 'course-au-slug-2']));
    for (const result of results) {
      expect(await t.bed.item(`SLUG#${result.slug}`, 'SLUG')).toMatchObject({ eventId: result.eventId });
    }
  });

  it('ORG-06 an image without its calendar crop is refused', async () => {
    const imageId = await t.image({ calendarCrop: false });
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ imageId }) }),
    ).rejects.toMatchObject({
      code: 'calendar_crop_missing',
    });
  });

  it('ORG-06 an event cannot show another organization’s image, even one cropped', async () => {
    const imageId = await t.image({ orgId: ref.orgB });
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ imageId }) }),
    ).rejects.toMatchObject({ code: 'calendar_crop_missing' });
    const own = await t.image();
    await expect(
      saveEvent(t.deps, { actor: organizer, fields: t.fields({ imageId: own }) }),
    ).resolves.toMatchObject({
      status: 'draft',
    });
  });

  it('CAL-05 a sub-event joins a big event only; the programme link follows its start', async () => {
    const plain = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Pas grand' }) });
    await expect(
      saveEvent(t.deps, {
        actor: organizer,
        fields: t.fields({ title: 'Enfant', parentEventId: plain.eventId }),
      }),
    ).rejects.toMatchObject({ code: 'invalid_parent' });
    const festival = await saveEvent(t.deps, {
      actor: staffActor,
      fields: t.fields({ title: 'Grand festival', bigEvent: true }),
    });
    const child = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Spectacle du festival', parentEventId: festival.eventId }),
    });
    expect(
      await t.bed.item(`EVENT#${festival.eventId}`, `PROG#2026-12-13T00:30:00.000Z#${child.eventId}`),
    ).toMatchObject({
      title: 'Spectacle du festival',
    });
    await saveEvent(t.deps, {
      actor: organizer,
      eventId: child.eventId,
      expectedVersion: 1,
      fields: t.fields({
        title: 'Spectacle du festival',
        parentEventId: festival.eventId,
        startsAt: '2026-12-14T19:30',
        endsAt: '2026-12-14T21:00',
      }),
    });
    expect(
      await t.bed.item(`EVENT#${festival.eventId}`, `PROG#2026-12-13T00:30:00.000Z#${child.eventId}`),
    ).toBeUndefined();
    expect(
      await t.bed.item(`EVENT#${festival.eventId}`, `PROG#2026-12-15T00:30:00.000Z#${child.eventId}`),
    ).toBeDefined();
    await expect(
      saveEvent(t.deps, {
        actor: organizerB,
        fields: t.fields({ title: 'Intrus', parentEventId: festival.eventId }),
      }),
    ).rejects.toMatchObject({ code: 'invalid_parent' });
  });

  it('CAL-04 additional dates keep their ids; a removed one is deleted', async () => {
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({
        title: 'Tournée',
        extraDates: [{ startsAt: '2026-12-13T19:30' }, { startsAt: '2026-12-14T19:30' }],
      }),
    });
    const { occurrence } = t.deps.db.calendar.entities;
    const before = (await occurrence.query.byEvent({ eventId: saved.eventId }).go()).data;
    expect(before).toHaveLength(3);
    const keep = before.find((d) => d.startsAt === '2026-12-15T00:30:00.000Z');
    await saveEvent(t.deps, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: 1,
      fields: t.fields({
        title: 'Tournée',
        extraDates: [{ occurrenceId: keep?.occurrenceId, startsAt: '2026-12-14T20:00' }],
      }),
    });
    const after = (await occurrence.query.byEvent({ eventId: saved.eventId }).go()).data;
    expect(after.map((d) => [d.occurrenceId === keep?.occurrenceId, d.startsAt])).toEqual([
      [false, '2026-12-13T00:30:00.000Z'],
      [true, '2026-12-15T01:00:00.000Z'],
    ]);
    expect(after[0]?.main).toBe(true);
  });
});
