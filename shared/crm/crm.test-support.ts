/**
 * What the client-file tests share: a private table with a fixed clock, a publisher that records
 * the message ids the use cases publish (nothing reads the queues, so the runner never races the
 * tests), a mail port that records what the sender sends, and people to sign up.
 */
import { ulid } from 'ulid';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { OutboundMessage } from '../comms/outbound-message';
import type { Deps, MailDeps } from '../deps';
import { type Clock, fixedClock, type MailSender } from '../kernel/ports';

export interface CrmBed {
  deps: Deps & MailDeps;
  bed: PrivateTestBed;
  clock: ReturnType<typeof fixedClock>;
  /** Message ids published on the e-mail queues, in order. */
  published: string[];
  /** Mails the sender handed to the mail port. */
  sent: { to: string; subject: string; text: string; html: string }[];
  /** The outbound messages published since `from` (an index into `published`). */
  messagesSince(from: number): Promise<OutboundMessage[]>;
}

export const noPacing = { service: async () => {}, mass: async () => {} };

export async function crmBed(prefix: string, start = '2026-11-24T15:00:00.000Z'): Promise<CrmBed> {
  useTwin();
  const clock = fixedClock(start);
  const bed = await privateTestBed(prefix, clock as Clock);
  const published: string[] = [];
  const sent: CrmBed['sent'] = [];
  const mail: MailSender = {
    async send(message) {
      sent.push({ to: message.to, subject: message.subject, text: message.text, html: message.html });
      return { providerMessageId: `ses-${ulid()}` };
    },
  };
  const deps: Deps & MailDeps = {
    ...bed.deps,
    mail,
    queues: {
      publish: async (_queue, messages) => {
        for (const message of messages) published.push((message as { messageId: string }).messageId);
      },
    },
    config: { ...bed.deps.config, siteUrl: 'https://parvis.example' },
  };
  return {
    deps,
    bed,
    clock,
    published,
    sent,
    async messagesSince(from) {
      const ids = published.slice(from);
      const found = await Promise.all(
        ids.map(
          async (messageId) =>
            (await deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true })).data,
        ),
      );
      return found.filter((m): m is OutboundMessage => Boolean(m));
    },
  };
}

/** A unique, valid address at a reserved domain. */
export const uniqueEmail = (name = 'client') => `${name}+${ulid().toLowerCase()}@example.org`;

/** A unique last name, so name searches of one test never see another's files. */
export const uniqueLastName = (base = 'Tremblay') => `${base}-${ulid().slice(-8).replace(/\d/g, 'x')}`;

/** A sign-up form as a Québec client fills it. */
export function signUpForm(overrides: Record<string, unknown> = {}) {
  return {
    salutation: 'f' as const,
    firstName: 'Marie-Ève',
    lastName: uniqueLastName('Côté'),
    email: uniqueEmail('marie'),
    password: 'correct horse battery staple',
    phone: '418 555-0142',
    address: {
      street: '123, rue Saint-Jean',
      city: 'Québec',
      region: 'QC',
      postalCode: 'g1r 4p5',
      country: 'CA',
    },
    locale: 'fr' as const,
    ...overrides,
  };
}

/** The token of a link in a queued message's data. */
export function tokenOf(url: unknown): string {
  const token = new URL(String(url)).searchParams.get('jeton');
  if (!token) throw new Error(`no token in ${String(url)}`);
  return token;
}
