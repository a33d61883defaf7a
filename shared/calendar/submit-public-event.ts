import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import type { Deps } from '../deps';
import { takePlace, throttleSubject, throttleWindow } from '../identity/login-throttle';
import { platformOrgId } from '../identity/membership';
import { DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { approvalLinks, recipients, reviewEmail } from './approval';
import { eventFieldLimits, eventFields, line } from './event-input';
import { createSubmittedEvent } from './save-event';

/**
 * CAL-07: « Soumettre un événement » without an account, with spam protection that needs no
 * third-party service: a honeypot field, a minimum fill time proven by a token the form page
 * signed (HMAC), and a rate limit per address. The event enters the approval queue owned by the
 * platform (staff decide who presents it); the submitter's contact expires after 180 days.
 */
export const publicSubmissionPolicy = {
  /** A person takes longer than this to fill the form; a script does not. */
  minFillSeconds: 5,
  /** A form page older than this must be reloaded. */
  maxFormAgeSeconds: 24 * 3600,
  /** Submissions per address per hour. */
  perAddressPerHour: 5,
  contactDays: 180,
} as const;

/** The secret of the form tokens: at least 32 characters, from the caller's configuration. */
export interface FormSecret {
  formSecret: string;
}

/**
 * The form secret of a deploy, derived from a secret the stage already holds (the web function's
 * origin secret, web/src/lib/server/form-secret.ts): the same in every container, not the secret
 * itself, and rotated with it.
 */
export function deriveFormSecret(stageSecret: string): string {
  if (stageSecret.length < 16) throw new Error('stage secret missing or too short');
  return createHmac('sha256', stageSecret).update('parvis:public-event-form:v1').digest('base64url');
}

function signature(secret: string, issuedAt: number): string {
  return createHmac('sha256', secret).update(`public-event-form:${issuedAt}`).digest('base64url');
}

/** The token the form page embeds: when it was issued, signed. */
export function issueFormToken(secret: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${signature(secret, issuedAt)}`;
}

export class SubmissionRefusedError extends DomainError {
  constructor(code: 'form_too_fast' | 'form_expired' | 'too_many_submissions') {
    const messages = {
      form_too_fast: {
        fr: 'Le formulaire a été envoyé trop vite. Relisez-le, puis envoyez-le de nouveau.',
        en: 'The form was sent too quickly. Read it over, then send it again.',
      },
      form_expired: {
        fr: 'Ce formulaire a expiré. Rechargez la page, puis envoyez-le de nouveau.',
        en: 'This form has expired. Reload the page, then send it again.',
      },
      too_many_submissions: {
        fr: 'Trop d’événements ont été soumis depuis cette adresse. Réessayez dans une heure ou écrivez-nous.',
        en: 'Too many events were submitted from this address. Try again in an hour or write to us.',
      },
    } as const;
    super(code, messages[code], { status: code === 'too_many_submissions' ? 429 : 400 });
  }
}

const publicFields = z.omit(eventFields, {
  featured: true,
  bigEvent: true,
  parentEventId: true,
  slug: true,
  imageId: true,
});

const submitPublicInput = z.object({
  fields: publicFields,
  submitter: z.object({
    name: line(150),
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email()),
    phone: z.optional(line(30)),
    /** The organization the submitter speaks for, if any: staff read it in the submission's note. */
    organization: z.optional(line(150)),
  }),
  note: z.optional(z.string().check(z.trim(), z.maxLength(eventFieldLimits.note))),
  /** The honeypot: hidden from people, filled by bots. */
  website: z._default(z.string().check(z.maxLength(2000)), ''),
  formToken: z.string().check(z.maxLength(200)),
  /** The client's address, as the web layer sees it; stored only hashed in the throttle key. */
  address: z.string().check(z.minLength(1), z.maxLength(100)),
});

export type SubmitPublicEventInput = z.input<typeof submitPublicInput>;

/**
 * `accepted` is also what a bot caught by the honeypot sees, so it learns nothing; only a real
 * submission carries an `eventId`.
 */
export async function submitPublicEvent(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'> & FormSecret,
  input: SubmitPublicEventInput,
): Promise<{ outcome: 'accepted'; eventId?: string }> {
  if (deps.formSecret.length < 32) throw new Error('form secret missing or too short');
  const parsed = parseInput(submitPublicInput, input);
  const now = deps.clock.now();
  if (parsed.website.trim() !== '') {
    deps.log.info('public submission caught by the honeypot', {});
    return { outcome: 'accepted' };
  }
  const [issuedText, signed] = parsed.formToken.split('.');
  const issuedAt = Number(issuedText);
  const expected = Number.isSafeInteger(issuedAt) ? signature(deps.formSecret, issuedAt) : '';
  const valid =
    signed !== undefined &&
    expected.length === signed.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signed));
  const age = (now.getTime() - issuedAt) / 1000;
  if (!valid || age > publicSubmissionPolicy.maxFormAgeSeconds || age < -60) {
    throw new SubmissionRefusedError('form_expired');
  }
  if (age < publicSubmissionPolicy.minFillSeconds) throw new SubmissionRefusedError('form_too_fast');

  const window = throttleWindow(throttleSubject('submit-address', parsed.address), now, 3600);
  if (!(await takePlace(deps, window, publicSubmissionPolicy.perAddressPerHour))) {
    throw new SubmissionRefusedError('too_many_submissions');
  }

  const at = now.toISOString();
  // The contact entity holds a person; the organization they name goes with their note, which
  // staff read first on the review page (no organization account is created or looked up).
  const organizationLine = parsed.submitter.organization
    ? `Organisme : ${parsed.submitter.organization}`
    : undefined;
  const note = [organizationLine, parsed.note].filter(Boolean).join('\n\n') || undefined;
  const event = await createSubmittedEvent(deps, {
    actor: { userId: 'public', orgId: platformOrgId, staff: false },
    fields: parsed.fields,
    extra: (entities, created) => [
      entities.submitterContact
        .create({
          eventId: created.eventId,
          name: parsed.submitter.name,
          email: parsed.submitter.email,
          phone: parsed.submitter.phone,
          createdAt: at,
          expiresAt: Math.floor(now.getTime() / 1000) + publicSubmissionPolicy.contactDays * 86_400,
        })
        .commit(),
      entities.reviewEntry
        .create({
          eventId: created.eventId,
          at,
          reviewId: deps.ids(),
          action: 'submitted',
          note,
        })
        .commit(),
    ],
  });

  // Staff are told after the commit (the outbox write is its own transaction here): a crash in
  // between leaves the event in the queue, which staff read anyway.
  try {
    const staff = await recipients(deps, platformOrgId, ['staff']);
    if (staff.length > 0) {
      const who = [parsed.submitter.name, parsed.submitter.organization].filter(Boolean).join(', ');
      const presenter = `${who} (formulaire public)`.slice(0, 150);
      await commitWithEmails(deps, {
        emails: staff.map((member) =>
          reviewEmail(
            'event.submitted',
            member,
            event,
            presenter,
            (locale) => approvalLinks.queue(deps.config.siteUrl, locale),
            note,
          ),
        ),
      });
    }
  } catch (error) {
    deps.log.warn('staff notification of a public submission failed', {
      eventId: event.eventId,
      error: String(error),
    });
  }
  return { outcome: 'accepted', eventId: event.eventId };
}
