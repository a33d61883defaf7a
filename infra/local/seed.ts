import { HOTP, Secret, TOTP } from 'otpauth';
import { createDeps } from '../../shared/adapters/create-deps';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { addClientNote } from '../../shared/crm/add-client-note';
import { type FakeClient, fakeClient } from '../../shared/crm/client.fixtures';
import {
  ClientEmailExistsError,
  type CreateClientByStaffInput,
  createClientByStaff,
} from '../../shared/crm/create-client-by-staff';
import { recordEmailTrouble } from '../../shared/crm/email-status';
import { nameKey, postalKey } from '../../shared/crm/normalize';
import { type RecordConsentInput, recordConsent } from '../../shared/crm/record-consent';
import { signUpClient } from '../../shared/crm/sign-up-client';
import { markHandledOnce } from '../../shared/db/dedupe';
import type { Deps, PaymentDeps } from '../../shared/deps';
import { activateAccount, issueAccountToken } from '../../shared/identity/account-tokens';
import { logIn } from '../../shared/identity/log-in';
import { addMember, createOrganization, listOrganizations } from '../../shared/identity/members';
import { type MemberRole, platformOrgId } from '../../shared/identity/membership';
import { confirmTotpEnrollment } from '../../shared/identity/second-factor';
import { logOut } from '../../shared/identity/sessions';
import { totpConfig } from '../../shared/identity/totp';
import { seedCalendarDemo, seedSearchIndex } from './seed-calendar';
import { seedTicketingDemo, type TicketingDemoSummary } from './seed-ticketing';

/** Bump when the demo data changes, so existing data folders receive the new demo once. */
const demoVersion = 'demo-v3';

/**
 * The password of every demo log-in. Local demo data only: it is printed in the README, so it must
 * never be used anywhere else.
 */
export const demoPassword = 'parvis-demo-2026';

type Person = { email: string; displayName: string; locale: 'fr' | 'en' };

/**
 * Staff must have a second factor (ROLE-05). A phone cannot be seeded, so each demo staff account
 * is enrolled with a fixed secret, printed in the README: add it to an authenticator app, or print
 * the current code with `npx tsx infra/local/demo-code.ts`. Base32, 160 bits like a real one.
 */
export const demoStaff = [
  {
    email: 'genevieve.roy@parvis.example',
    displayName: 'Geneviève Roy',
    locale: 'fr',
    totpSecret: 'PARVISDEMOEQUIPEGENEVIEVEROYAAAA',
  },
  {
    email: 'marc.bouchard@parvis.example',
    displayName: 'Marc Bouchard',
    locale: 'en',
    totpSecret: 'PARVISDEMOEQUIPEMARCBOUCHARDAAAA',
  },
] as const satisfies readonly (Person & { totpSecret: string })[];

export const demoTrainers = [
  { email: 'julie.cote@parvis.example', displayName: 'Julie Côté', locale: 'fr' },
  { email: 'luc.ouellet@parvis.example', displayName: 'Luc Ouellet', locale: 'fr' },
] as const satisfies readonly Person[];

/** Three organizations of the region, each with its « Organisme »; the festival has a chat moderator. */
export const demoOrganizations = [
  {
    name: 'Théâtre des Grèves',
    contactEmail: 'info@theatre-des-greves.example',
    organisme: {
      email: 'helene.lavoie@theatre-des-greves.example',
      displayName: 'Hélène Lavoie',
      locale: 'fr',
    },
  },
  {
    name: 'Festival du Fleuve',
    contactEmail: 'info@festival-du-fleuve.example',
    organisme: {
      email: 'francois.pelletier@festival-du-fleuve.example',
      displayName: 'François Pelletier',
      locale: 'fr',
    },
    moderator: {
      email: 'zoe.bergeron@festival-du-fleuve.example',
      displayName: 'Zoé Bergeron',
      locale: 'fr',
    },
  },
  {
    name: 'Galerie Boréale',
    contactEmail: 'info@galerie-boreale.example',
    organisme: { email: 'claude.simard@galerie-boreale.example', displayName: 'Claude Simard', locale: 'en' },
  },
] as const satisfies readonly { name: string; contactEmail: string; organisme: Person; moderator?: Person }[];

/** The client who signed up herself and logs into « Mon dossier » with the demo password. */
export const demoClient = {
  salutation: 'f',
  firstName: 'Marie',
  lastName: 'Tremblay',
  email: 'marie.tremblay@example.org',
  phone: '418 555-0100',
  address: {
    street: '212, rue Saint-Germain Est',
    city: 'Rimouski',
    region: 'QC',
    postalCode: 'G5L 1B3',
    country: 'CA',
  },
  locale: 'fr',
} as const;

type StaffClient = Omit<CreateClientByStaffInput, 'actorUserId'>;

/** Files staff made that show one thing each; the README names them. */
const notableClients = {
  /** Created with its invitation: the mail viewer holds a live activation link (CRM-01). */
  invited: {
    salutation: 'm',
    firstName: 'Jean',
    lastName: 'Gagnon',
    email: 'jean.gagnon@example.com',
    phone: '418 555-0101',
    address: {
      street: '45, rue Saint-Jean',
      city: 'Québec',
      region: 'QC',
      postalCode: 'G1R 1N7',
      country: 'CA',
    },
    locale: 'fr',
    sendInvitation: true,
  },
  /** No e-mail: flagged for calls, found by phone (CRM-04). */
  phoneOnly: {
    salutation: 'm',
    firstName: 'Réjean',
    lastName: 'Bérubé',
    phone: '418 555-0199',
    address: {
      street: '8, chemin du Lac',
      city: 'Rimouski',
      region: 'QC',
      postalCode: 'G5L 7B2',
      country: 'CA',
    },
    locale: 'fr',
  },
  /** An unpaid balance: the red banner on top of the file (CRM-08). */
  redFlag: {
    salutation: 'f',
    firstName: 'Lucie',
    lastName: 'Fortin',
    email: 'lucie.fortin@example.net',
    phone: '581 555-0102',
    address: {
      street: '310, avenue Cartier',
      city: 'Québec',
      region: 'QC',
      postalCode: 'G1R 2S6',
      country: 'CA',
    },
    locale: 'fr',
  },
  /** A trainer note: the « i » on participant lists (CRM-08). */
  trainerNote: {
    salutation: 'm',
    firstName: 'Sylvain',
    lastName: 'Dubé',
    email: 'sylvain.dube@example.org',
    phone: '819 555-0103',
    address: {
      street: '77, rue King Ouest',
      city: 'Sherbrooke',
      region: 'QC',
      postalCode: 'J1H 1P4',
      country: 'CA',
    },
    locale: 'fr',
  },
  /** Its address bounced: staff see it on the file and correct it (CRM-05). */
  bounced: {
    salutation: 'm',
    firstName: 'Paul',
    lastName: 'Leclerc',
    email: 'paul.leclerc@example.net',
    address: {
      street: '14 rue Victor-Hugo',
      city: 'Lyon',
      region: 'Auvergne-Rhône-Alpes',
      postalCode: '69002',
      country: 'FR',
    },
    locale: 'fr',
  },
} as const satisfies Record<string, StaffClient>;

/** 100 files: the demo client, the notable ones, and people of shared/crm/client.fixtures.ts. */
export const demoClientCount = 100;

export interface DemoSummary {
  logIns: number;
  organizations: number;
  /** Files of the demo, and how many of them this run created (the others were there). */
  clients: number;
  createdClients: number;
  /** The demo's ticketing (infra/local/seed-ticketing.ts). */
  ticketing: TicketingDemoSummary;
}

/** What the demo writes with: the use cases' deps and, for its ticketing, the payment adapters. */
export type DemoDeps = Deps & PaymentDeps;

/**
 * Demo data for `npm start`, written once per data folder, through the use cases the product uses
 * (members.ts, account-tokens.ts, second-factor.ts, the CRM's): staff, trainers, organizations with
 * their users, all activated with `demoPassword`, and 100 client files with consent, notes, one
 * bounced address. E-mails go through the outbox, the queue, the sender and the SES twin, so the
 * mail viewer shows them. The marker is written last and every step finds what an interrupted run
 * left, so a seed killed half-way completes at the next start instead of being skipped.
 */
export async function seedDemoData(
  vars: Record<string, string>,
  overrides: Partial<DemoDeps> = {},
): Promise<string[]> {
  const environment = { ...process.env, ...vars };
  const deps: DemoDeps = {
    ...createDeps(environment, { component: 'seed' }),
    ...createPaymentDeps(environment),
    ...overrides,
  };
  const marker = { scope: 'seed', key: demoVersion };
  const searchFile = () => seedSearchIndex(deps, environment);
  if ((await deps.db.comms.entities.dedupeMarker.get(marker).go({ consistent: true })).data) {
    await searchFile();
    return [`Demo data already present (${demoVersion}); delete .data/ to start afresh.`];
  }
  const started = Date.now();
  const summary = await seedDemo(deps);
  // CAL-10: the search file of the demo calendar, built once here; the job keeps it fresh.
  await searchFile();
  await markHandledOnce(deps.db.comms, { ...marker, now: deps.clock.now(), keepDays: 36_500 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { ticketing } = summary;
  return [
    `Demo data written (${demoVersion}) in ${seconds} s: ${summary.logIns} log-ins (password ${demoPassword}, README lists them), ${summary.organizations} organizations, ${summary.clients} client files.`,
    ...(ticketing.written
      ? [
          `Demo ticketing: ${ticketing.sellingEvents} events selling or registering, ${ticketing.passes} pass, ${ticketing.orders} orders${ticketing.skippedOrders ? ` (${ticketing.skippedOrders} left out: see the log)` : ''}; pay with « Payer » on the fake provider's page.`,
        ]
      : []),
    'Staff codes (second factor): npx tsx infra/local/demo-code.ts',
  ];
}

/** The demo itself, on any deps (tests use a private table); idempotent, see `seedDemoData`. */
export async function seedDemo(deps: DemoDeps): Promise<DemoSummary> {
  const [first, ...otherStaff] = demoStaff;
  // The first staff member is the actor of everything else; then people and files in parallel.
  const { userId: staffId } = await member(deps, first, { orgId: platformOrgId, role: 'staff' }, 'seed');
  const files = seedClientFiles(deps, staffId);
  await settled<unknown>([
    files,
    enrollStaff(deps, first),
    ...otherStaff.map(async (person) => {
      await member(deps, person, { orgId: platformOrgId, role: 'staff' }, staffId);
      await enrollStaff(deps, person);
    }),
    ...demoTrainers.map((person) => member(deps, person, { orgId: platformOrgId, role: 'trainer' }, staffId)),
    ...demoOrganizations.map(async (organization) => {
      const organisme = await member(deps, organization.organisme, { organization }, staffId);
      if ('moderator' in organization) {
        const grant = { orgId: organisme.orgId, role: 'moderator' as const };
        await member(deps, organization.moderator, grant, organisme.userId);
      }
    }),
  ]);
  const { clients, created } = await files;
  await seedCalendarDemo(deps, { actorUserId: staffId });
  // The calendar's events sell, the organizers' accounts take payments, a few people bought.
  const ticketing = await seedTicketingDemo(deps, {
    staffUserId: staffId,
    organizations: demoOrganizations,
    client: demoClient,
  });
  const moderators = demoOrganizations.filter((organization) => 'moderator' in organization).length;
  return {
    logIns: demoStaff.length + demoTrainers.length + demoOrganizations.length + moderators + 1,
    organizations: demoOrganizations.length,
    clients,
    createdClients: created,
    ticketing,
  };
}

/**
 * Gives the role (or creates the organization with this person as its « Organisme »), then
 * activates the invited account with the demo password. The invitation e-mail the role sends
 * stays in the mail viewer; activating here issues a newer link, so that one no longer works.
 */
async function member(
  deps: Deps,
  person: Person,
  grant: { orgId: string; role: MemberRole } | { organization: (typeof demoOrganizations)[number] },
  actorUserId: string,
): Promise<{ userId: string; orgId: string }> {
  let userId: string;
  let orgId: string;
  if ('organization' in grant) {
    const { name, contactEmail } = grant.organization;
    const existing = (await listOrganizations(deps)).find((organization) => organization.name === name);
    if (existing) {
      orgId = existing.orgId;
      ({ userId } = await addMember(deps, { orgId, role: 'organisme', person, actorUserId }));
    } else {
      ({ orgId, userId } = await createOrganization(deps, {
        name,
        contactEmail,
        firstMember: person,
        actorUserId,
      }));
    }
  } else {
    orgId = grant.orgId;
    ({ userId } = await addMember(deps, { ...grant, person, actorUserId }));
  }
  const account = (await deps.db.identity.entities.account.get({ userId }).go({ consistent: true })).data;
  if (account?.status === 'invited') {
    const { token } = await issueAccountToken(deps, { userId, purpose: 'invitation' });
    await activateAccount(deps, { token, newPassword: demoPassword });
  }
  return { userId, orgId };
}

/**
 * Enrolls a staff account in TOTP as its first log-in would, with the demo's fixed secret in place
 * of the random one `beginTotpEnrollment` draws: the one write below the use cases, so the README
 * can print the secret. The session the enrollment opens is closed at once.
 */
async function enrollStaff(deps: Deps, person: (typeof demoStaff)[number]): Promise<void> {
  const { emailGuard, account, session } = deps.db.identity.entities;
  const guard = (await emailGuard.get({ email: person.email }).go({ consistent: true })).data;
  const enrolled = guard?.userId
    ? (await account.get({ userId: guard.userId }).go({ consistent: true })).data?.totpEnabledAt
    : undefined;
  if (enrolled) return;
  const pending = await logIn(deps, { email: person.email, password: demoPassword, address: 'seed' });
  await session
    .patch({ tokenDigest: pending.session.tokenDigest })
    .set({ pendingTotpSecret: person.totpSecret })
    .go();
  const code = demoTotpCode(person.totpSecret, deps.clock.now());
  const { session: full } = await confirmTotpEnrollment(deps, { token: pending.token, code });
  if (full) await logOut(deps, { token: full.token });
}

/** The 6-digit code an authenticator app shows at `at` for this secret. */
export function demoTotpCode(secret: string, at: Date): string {
  const counter = TOTP.counter({ period: totpConfig.period, timestamp: at.getTime() });
  return HOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: totpConfig.algorithm,
    digits: totpConfig.digits,
    counter,
  });
}

/**
 * `Promise.all` that settles every promise before failing: a failed seed returns only once every
 * write it started has ended, so the next run resumes from a table that no longer moves.
 */
async function settled<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** Runs `work` on every item, `concurrency` at a time; after a failure no new item starts. */
async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  await settled(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < items.length && !failed; index = next++) {
        try {
          results[index] = await work(items[index] as T);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  return results;
}

/** A staff-created file, or the one already there with that address or those names and postal code. */
async function clientFile(deps: Deps, input: StaffClient, actorUserId: string) {
  try {
    const result = await createClientByStaff(deps, { sendInvitation: false, ...input, actorUserId });
    if (result.outcome === 'created') return { clientId: result.clientId, created: true };
    return { clientId: result.matches[0]?.clientId ?? '', created: false };
  } catch (error) {
    if (error instanceof ClientEmailExistsError) return { clientId: error.existingClientId, created: false };
    throw error;
  }
}

const personKey = (person: { firstName: string; lastName: string; address: { postalCode: string } }) =>
  `${nameKey(person.lastName)}#${nameKey(person.firstName)}#${postalKey(person.address.postalCode)}`;

/** People of the fixtures, distinct by names and postal code, so none is a « possible duplicate ». */
function otherPeople(count: number, taken: Set<string>): FakeClient[] {
  const people: FakeClient[] = [];
  for (let index = 1; people.length < count; index++) {
    const person = fakeClient(index);
    const key = personKey(person);
    if (taken.has(key)) continue;
    taken.add(key);
    people.push(person);
  }
  return people;
}

const consentSources = {
  paper: 'Fiche d’inscription papier, journée portes ouvertes',
  staff: 'Confirmé à l’accueil',
  phone: 'Appel de l’école',
  email: 'Lien de désabonnement d’un courriel',
} as const;

const generalNotes = [
  'A demandé le programme des ateliers du printemps.',
  'Préfère être joint en fin de journée.',
  'Ancienne bénévole du Festival du Fleuve.',
  'Souhaite recevoir les attestations en anglais.',
];

/** The files staff made, as the console's form would send them. */
const staffInput = (person: FakeClient): StaffClient => ({
  salutation: person.salutation,
  firstName: person.firstName,
  lastName: person.lastName,
  email: person.email,
  phone: person.phone,
  address: person.address,
  locale: person.locale,
});

/**
 * The demo client signs up herself (her verification e-mail is in the mail viewer) and grants
 * consent from the portal; staff create the other 99 files, one with its invitation, and record
 * consent as the school collects it (paper forms, the front desk, calls), a few notes and one
 * bounce. Each file is one task with what follows it, 8 at a time. Consent and notes go only to
 * files this run created, so a rerun adds none twice.
 */
async function seedClientFiles(deps: Deps, staffId: string): Promise<{ clients: number; created: number }> {
  const consent = (clientId: string, input: Omit<RecordConsentInput, 'clientId' | 'actorUserId'>) =>
    recordConsent(deps, { clientId, actorUserId: staffId, ...input });
  const note = (clientId: string, kind: 'accounting' | 'trainer' | 'general', text: string) =>
    addClientNote(deps, { clientId, kind, text, authorUserId: staffId });
  const paper = { method: 'paper', source: consentSources.paper } as const;
  const byPhone = {
    channel: 'phone',
    value: 'granted',
    method: 'phone',
    source: consentSources.phone,
  } as const;

  const notable: Record<keyof typeof notableClients, (clientId: string) => Promise<unknown>> = {
    invited: (clientId) => consent(clientId, { channel: 'email', value: 'granted', ...paper }),
    phoneOnly: async (clientId) => {
      await consent(clientId, byPhone);
      await note(
        clientId,
        'general',
        'Pas de courriel : l’appeler avant chaque atelier, de préférence le matin.',
      );
    },
    redFlag: (clientId) =>
      note(
        clientId,
        'accounting',
        'Solde impayé de 180 $ pour l’atelier de céramique de l’automne 2026 : le régler avant toute nouvelle inscription.',
      ),
    trainerNote: (clientId) =>
      note(
        clientId,
        'trainer',
        'Se déplace en fauteuil roulant : prévoir une place accessible près de la porte.',
      ),
    bounced: async (clientId) => {
      const { email } = notableClients.bounced;
      await consent(clientId, {
        channel: 'email',
        value: 'granted',
        method: 'staff',
        source: consentSources.staff,
      });
      await recordEmailTrouble(deps, {
        clientId,
        email,
        status: 'bounced',
        at: deps.clock.now().toISOString(),
        detail: `550 5.1.1 <${email}>: Recipient address rejected: User unknown`,
      });
    },
  };
  const others = async (clientId: string, person: FakeClient, index: number) => {
    if (person.email && index % 10 === 7) {
      await consent(clientId, {
        channel: 'email',
        value: 'withdrawn',
        method: 'email',
        source: consentSources.email,
      });
    } else if (person.email && index % 3 !== 2) {
      const method = index % 2 === 0 ? 'paper' : 'staff';
      await consent(clientId, { channel: 'email', value: 'granted', method, source: consentSources[method] });
    }
    if (!person.email && person.phone) await consent(clientId, byPhone);
    if (index % 4 === 0) await consent(clientId, { channel: 'mail', value: 'granted', ...paper });
    if (index % 20 === 3) {
      await note(clientId, 'general', generalNotes[Math.floor(index / 20) % generalNotes.length] ?? '');
    }
  };

  const staffFile = async (input: StaffClient, then: (clientId: string) => Promise<unknown>) => {
    const file = await clientFile(deps, input, staffId);
    if (file.created) await then(file.clientId);
    return file.created;
  };
  const taken = new Set([demoClient, ...Object.values(notableClients)].map(personKey));
  const people = otherPeople(demoClientCount - 1 - Object.keys(notable).length, taken);
  const tasks: (() => Promise<boolean>)[] = [
    () => signUpDemoClient(deps),
    ...(Object.keys(notable) as (keyof typeof notableClients)[]).map(
      (name) => () => staffFile(notableClients[name], notable[name]),
    ),
    ...people.map(
      (person, index) => () => staffFile(staffInput(person), (clientId) => others(clientId, person, index)),
    ),
  ];
  const created = await inParallel(tasks, 8, (task) => task());
  return { clients: tasks.length, created: created.filter(Boolean).length };
}

/** Marie Tremblay signs up and answers the portal's consent question; true when this run did it. */
async function signUpDemoClient(deps: Deps): Promise<boolean> {
  const { emailGuard } = deps.db.identity.entities;
  if ((await emailGuard.get({ email: demoClient.email }).go({ consistent: true })).data) return false;
  await signUpClient(deps, { ...demoClient, password: demoPassword });
  const guard = (await emailGuard.get({ email: demoClient.email }).go({ consistent: true })).data;
  if (!guard?.clientId || !guard.userId)
    throw new Error(`the demo sign-up of ${demoClient.email} made no file`);
  for (const channel of ['email', 'phone'] as const) {
    await recordConsent(deps, {
      clientId: guard.clientId,
      channel,
      value: 'granted',
      method: 'portal',
      actorUserId: guard.userId,
    });
  }
  return true;
}
