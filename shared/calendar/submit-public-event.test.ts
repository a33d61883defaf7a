import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { approvalQueue } from './approval';
import { type CalendarBed, calendarBed } from './calendar.test-support';
import {
  deriveFormSecret,
  issueFormToken,
  publicSubmissionPolicy,
  SubmissionRefusedError,
  submitPublicEvent,
} from './submit-public-event';

/** The public form (CAL-07) and its spam protection, against DynamoDB Local. */
let t: CalendarBed;
const formSecret = 'test-secret-of-the-public-form-0123456789';

beforeAll(async () => {
  t = await calendarBed('calendar-public', '2026-12-01T15:00:00.000Z');
});

const deps = () => ({ ...t.deps, formSecret });

/** A form issued `secondsAgo` before now. */
const tokenFrom = (secondsAgo: number, secret = formSecret) =>
  issueFormToken(secret, new Date(t.clock.now().getTime() - secondsAgo * 1000));

const form = (overrides: Record<string, unknown> = {}) => {
  const { imageId: _i, ...fields } = t.fields({ title: 'Soirée de contes' });
  return {
    fields,
    submitter: { name: 'Jeanne D’Arc', email: 'Jeanne@Example.org' },
    note: 'Première édition',
    formToken: tokenFrom(60),
    address: '203.0.113.7',
    ...overrides,
  };
};

describe('submitPublicEvent', () => {
  it('CAL-07 a public submission enters the approval queue with its contact, kept 180 days', async () => {
    const before = t.published.length;
    const result = await submitPublicEvent(deps(), form());
    expect(result.eventId).toBeDefined();
    const eventId = result.eventId ?? '';
    expect(await t.bed.item(`EVENT#${eventId}`, 'EVENT')).toMatchObject({
      status: 'submitted',
      orgId: 'parvis',
      publicSubmission: true,
      gsi1pk: 'EVENTS#submitted',
    });
    expect(await t.bed.item(`EVENT#${eventId}`, 'SUBMITTER')).toMatchObject({
      name: 'Jeanne D’Arc',
      email: 'jeanne@example.org',
      expiresAt: Math.floor(t.clock.now().getTime() / 1000) + 180 * 86_400,
    });
    expect((await approvalQueue(t.deps)).events.map((e) => e.eventId)).toContain(eventId);
    expect(t.published.length - before).toBe(2);
  });

  it('CAL-07 the honeypot: a filled hidden field is answered « accepted » and nothing is written', async () => {
    const spam = form({ website: 'http://spam.example', address: '198.51.100.1' });
    const result = await submitPublicEvent(deps(), {
      ...spam,
      fields: { ...spam.fields, title: 'Pourriel' },
    });
    expect(result).toEqual({ outcome: 'accepted' });
    expect((await approvalQueue(t.deps)).events.map((e) => e.title)).not.toContain('Pourriel');
    expect(await t.bed.item('SLUG#pourriel', 'SLUG')).toBeUndefined();
  });

  it('CAL-07 minimum fill time, forged and expired tokens are refused', async () => {
    await expect(submitPublicEvent(deps(), form({ formToken: tokenFrom(1) }))).rejects.toMatchObject({
      code: 'form_too_fast',
    });
    await expect(
      submitPublicEvent(deps(), form({ formToken: tokenFrom(60, 'another-secret-another-secret-0123') })),
    ).rejects.toMatchObject({ code: 'form_expired' });
    await expect(
      submitPublicEvent(deps(), form({ formToken: `${Date.now() - 60_000}.forged` })),
    ).rejects.toMatchObject({
      code: 'form_expired',
    });
    await expect(
      submitPublicEvent(
        deps(),
        form({ formToken: tokenFrom(publicSubmissionPolicy.maxFormAgeSeconds + 10) }),
      ),
    ).rejects.toBeInstanceOf(SubmissionRefusedError);
  });

  it('CAL-07 a rate limit per address: the sixth submission within the hour is refused', async () => {
    const address = '192.0.2.55';
    for (let i = 0; i < publicSubmissionPolicy.perAddressPerHour; i += 1) {
      await submitPublicEvent(deps(), form({ address }));
    }
    await expect(submitPublicEvent(deps(), form({ address }))).rejects.toMatchObject({
      code: 'too_many_submissions',
    });
    // Another address is not affected.
    await expect(submitPublicEvent(deps(), form({ address: '192.0.2.56' }))).resolves.toMatchObject({
      outcome: 'accepted',
    });
  });

  it('CAL-07 staff-only fields cannot come through the public form', async () => {
    const bad = form();
    await expect(
      submitPublicEvent(deps(), { ...bad, fields: { ...bad.fields, featured: true } as typeof bad.fields }),
    ).resolves.toMatchObject({ outcome: 'accepted' });
    const results = (await approvalQueue(t.deps)).events;
    expect(results.every((event) => event.featured === false && event.bigEvent === false)).toBe(true);
    await expect(
      submitPublicEvent(deps(), form({ submitter: { name: 'x', email: 'pas-une-adresse' } })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('CAL-07 the organization the submitter names reaches staff with the note', async () => {
    const before = t.published.length;
    const result = await submitPublicEvent(
      deps(),
      form({
        address: '192.0.2.77',
        submitter: { name: 'Luc Roy', email: 'luc@example.org', organization: 'Les Amis du conte' },
      }),
    );
    const eventId = result.eventId ?? '';
    const reviews = await t.deps.db.calendar.entities.reviewEntry.query.byEvent({ eventId }).go();
    expect(reviews.data.map((entry) => entry.note)).toEqual([
      'Organisme : Les Amis du conte\n\nPremière édition',
    ]);
    expect(t.published.length - before).toBe(2);
  });

  it('CAL-07 the deploy’s form secret: derived from the stage secret, stable, long enough, never the secret itself', () => {
    const one = deriveFormSecret('origin-secret-of-the-stage-0123456789');
    expect(one).toBe(deriveFormSecret('origin-secret-of-the-stage-0123456789'));
    expect(one.length).toBeGreaterThanOrEqual(32);
    expect(one).not.toContain('origin-secret');
    expect(deriveFormSecret('another-origin-secret-0123456789')).not.toBe(one);
    expect(() => deriveFormSecret('')).toThrow();
  });
});
