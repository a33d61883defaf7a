import { expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { createClientByStaff } from '../../shared/crm/create-client-by-staff';
import { startImpersonation } from '../../shared/identity/impersonation';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { type MemberRole, platformOrgId } from '../../shared/identity/membership';
import { startCheckout } from '../../shared/orders/start-checkout';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { e2e } from './support/e2e';
import { e2eTwin, sessionFor, twinDeps } from './support/twin';

/**
 * ROLE-06: every route and every form action of the site, called as each kind of visitor, answers
 * what its access rule says. The list of routes and actions comes from the production build itself
 * (SvelteKit's manifest and each page's server module), so a route added without a rule here fails
 * this test instead of escaping it.
 */

type Who =
  | 'anonymous'
  | 'client'
  | 'otherClient'
  | 'memberA'
  | 'memberB'
  | 'moderator'
  | 'trainer'
  | 'staff'
  | 'impersonating';
const everyone: Who[] = [
  'anonymous',
  'client',
  'otherClient',
  'memberA',
  'memberB',
  'moderator',
  'trainer',
  'staff',
  'impersonating',
];

/**
 * Who may use a route (its GET and its actions alike):
 * - public: anyone, logged in or not;
 * - step: a log-in step anyone may reach, which may send them back to the log-in page when they
 *   have no step to complete (the second-factor page without a pending session);
 * - user: anyone logged in (a full session);
 * - client: a user with a client file, or staff viewing one (GET only: writes are refused);
 * - staff: staff, not while viewing a client's portal;
 * - organisme: members of an organization with the "Organisme" role;
 * - trainer: trainers and staff;
 * - viewing: staff, and staff viewing a client's portal (the way back to the console, allowed to
 *   post while viewing).
 */
type Rule = 'public' | 'step' | 'user' | 'client' | 'staff' | 'organisme' | 'trainer' | 'viewing';

const allowed: Record<Rule, Who[]> = {
  public: everyone,
  step: everyone,
  user: everyone.filter((who) => who !== 'anonymous'),
  client: ['client', 'otherClient', 'impersonating'],
  staff: ['staff'],
  organisme: ['memberA', 'memberB'],
  trainer: ['trainer', 'staff'],
  viewing: ['staff', 'impersonating'],
};

interface RouteRule {
  rule: Rule;
  /** Values for the route's parameters (besides `locale`), from the fixtures. */
  params?: (fixture: Fixture) => Record<string, string>;
  /** Actions whose rule differs from the route's. */
  actions?: Record<string, Rule>;
  /** One of the two writes hooks.server.ts lets through while staff view a client's portal (CRM-09). */
  openWhileViewing?: true;
  /**
   * Actions that end every session of their user on success ("log out everywhere"): they answer
   * with the log-in page, and each visitor gets sessions of their own for them.
   */
  logsOutEverywhere?: string[];
  /** Methods of a +server.ts endpoint to call (default: those it exports). */
}

/** One entry per route id of the build; the test fails for a route that has none. */
const client = (extra: Partial<RouteRule> = {}): RouteRule => ({ rule: 'client', ...extra });
const staff = (extra: Partial<RouteRule> = {}): RouteRule => ({ rule: 'staff', ...extra });
const ofClientA = (fixture: Fixture) => ({ clientId: fixture.clientA });

const rules: Record<string, RouteRule> = {
  '/': { rule: 'public' },
  // --- Caching (#12): the language switch, which alone sets the language cookie ---
  '/langue': { rule: 'public' },
  '/health': { rule: 'public' },
  '/[locale=locale]': { rule: 'public' },
  // Log-in and account links: open to everyone (a token or a pending session decides the rest).
  '/[locale=locale]/connexion': { rule: 'public' },
  '/[locale=locale]/connexion/code': { rule: 'step' },
  '/[locale=locale]/connexion/double-authentification': { rule: 'step' },
  '/[locale=locale]/deconnexion': { rule: 'public', openWhileViewing: true },
  '/[locale=locale]/inscription': { rule: 'public' },
  '/[locale=locale]/inscription/courriel-envoye': { rule: 'public' },
  '/[locale=locale]/inscription/deja-client': { rule: 'public' },
  '/[locale=locale]/mot-de-passe-oublie': { rule: 'public' },
  '/[locale=locale]/compte/activer': { rule: 'public' },
  '/[locale=locale]/compte/reinitialiser': { rule: 'public' },
  '/[locale=locale]/compte/verifier': { rule: 'public' },
  '/[locale=locale]/compte/securite': { rule: 'user', logsOutEverywhere: ['logOutEverywhere'] },
  // The client portal: the file comes from the session (or the file staff are viewing).
  '/[locale=locale]/mon-dossier': client(),
  '/[locale=locale]/mon-dossier/coordonnees': client(),
  '/[locale=locale]/mon-dossier/preferences': client(),
  '/[locale=locale]/mon-dossier/documents': client(),
  '/[locale=locale]/mon-dossier/documents/recu': client(),
  '/[locale=locale]/mon-dossier/documents/[docId]': client({ params: () => ({ docId: 'unknown-document' }) }),
  '/[locale=locale]/mon-dossier/inscriptions': client(),
  '/[locale=locale]/mon-dossier/ateliers': client(),
  '/[locale=locale]/mon-dossier/factures': client(),
  '/[locale=locale]/mon-dossier/retrait': client(),
  // The staff console.
  '/[locale=locale]/console': staff(),
  '/[locale=locale]/console/clients': staff(),
  '/[locale=locale]/console/clients/nouveau': staff(),
  '/[locale=locale]/console/clients/[clientId]': staff({ params: ofClientA }),
  '/[locale=locale]/console/clients/[clientId]/courriels': staff({ params: ofClientA }),
  '/[locale=locale]/console/clients/[clientId]/documents/recu': staff({ params: ofClientA }),
  '/[locale=locale]/console/clients/[clientId]/documents/[docId]': staff({
    params: (fixture) => ({ clientId: fixture.clientA, docId: 'unknown-document' }),
  }),
  '/[locale=locale]/console/emprunt/fin': { rule: 'viewing', openWhileViewing: true },
  '/[locale=locale]/console/organismes': staff(),
  '/[locale=locale]/console/organismes/[orgId]': staff({ params: (fixture) => ({ orgId: fixture.orgA }) }),
  '/[locale=locale]/console/personnel': staff(),
  '/[locale=locale]/console/modeles': staff(),
  '/[locale=locale]/console/modeles/[key]/[lang=locale]': staff({
    params: () => ({ key: 'client.invitation', lang: 'fr' }),
  }),
  '/[locale=locale]/console/modeles/[key]/[lang=locale]/apercu': staff({
    params: () => ({ key: 'client.invitation', lang: 'fr' }),
  }),
  '/[locale=locale]/console/journal': staff(),
  // The organization portal: the organization comes from the session.
  '/[locale=locale]/organisme': { rule: 'organisme' },
  '/[locale=locale]/organisme/utilisateurs': { rule: 'organisme' },
  '/[locale=locale]/formateur': { rule: 'trainer' },
  // --- The public calendar (CAL-*) ---
  // The festival of the demo calendar the e2e twin is seeded with (infra/local/seed-calendar.ts).
  '/[locale=locale]/evenements/[slug]': {
    rule: 'public',
    params: () => ({ slug: 'festi-jazz-international-de-rimouski' }),
  },
  // CAL-10, CAL-06: the feeds and the files for crawlers.
  '/[locale=locale]/evenements/[slug]/agenda.ics': {
    rule: 'public',
    params: () => ({ slug: 'festi-jazz-international-de-rimouski' }),
  },
  '/[locale=locale]/calendrier.ics': { rule: 'public' },
  '/[locale=locale]/calendrier.rss': { rule: 'public' },
  '/sitemap.xml': { rule: 'public' },
  '/robots.txt': { rule: 'public' },
  // --- Search (CAL-10) --- public, like the calendar it searches.
  '/[locale=locale]/recherche': { rule: 'public' },
  // --- The organization portal's events (ORG-04..07) ---
  '/[locale=locale]/organisme/evenements': { rule: 'organisme' },
  '/[locale=locale]/organisme/evenements/nouveau': { rule: 'organisme' },
  // An unknown event: members get its 404 (and each action's), everyone else the guard's answer.
  '/[locale=locale]/organisme/evenements/[eventId]': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/image': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/apercu': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  // --- An event's « Billetterie » tab (TIX-01..03): the same rule; another organization's real
  // event answers 404 to a member of another one (web/tests/organization-ticketing.spec.ts).
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/categories/nouvelle': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/categories/[ticketTypeId]': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event', ticketTypeId: 'unknown-category' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/categories/[ticketTypeId]/retirer': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event', ticketTypeId: 'unknown-category' }),
  },
  // --- The door-scanning app (TIX-12): the page, its JSON calls and the history; an unknown event
  // answers 404 to members (another organization's real event too: web/tests/door-scanning.spec.ts).
  '/[locale=locale]/organisme/portes/[eventId]': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/portes/[eventId]/liste': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/portes/[eventId]/lecture': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/portes/[eventId]/synchro': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/portes/[eventId]/historique': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  // --- The staff console's calendar (ORG-09) ---
  '/[locale=locale]/console/evenements': staff(),
  '/[locale=locale]/console/evenements/a-approuver': staff(),
  // An unknown event: staff get its 404 (and each action's refusal), everyone else the guard's answer.
  '/[locale=locale]/console/evenements/[eventId]': staff({ params: () => ({ eventId: 'unknown-event' }) }),
  '/[locale=locale]/console/lieux': staff(),
  '/[locale=locale]/console/categories': staff(),
  // --- Submission and embedding (CAL-07) ---
  '/[locale=locale]/soumettre-un-evenement': { rule: 'public' },
  '/[locale=locale]/soumettre-un-evenement/merci': { rule: 'public' },
  // Any organization's frame is public (its published events); the snippet's page is the session's.
  '/[locale=locale]/integration/[orgId]': { rule: 'public', params: (fixture) => ({ orgId: fixture.orgA }) },
  '/[locale=locale]/organisme/integration': { rule: 'organisme' },
  // --- Promo codes, payment accounts, the public menu (TIX-07, TIX-01, CAL-08) ---
  // An unknown event: members get its 404 (another organization's real event too:
  // web/tests/organization-promo-codes.spec.ts), everyone else the guard's answer.
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/codes-promo': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/codes-promo/nouveau': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event' }),
  },
  '/[locale=locale]/organisme/evenements/[eventId]/billetterie/codes-promo/[code]': {
    rule: 'organisme',
    params: () => ({ eventId: 'unknown-event', code: 'UNKNOWN' }),
  },
  // The session's organization's accounts; staff activate or suspend any (web/tests/payment-account.spec.ts).
  '/[locale=locale]/organisme/paiements': { rule: 'organisme' },
  '/[locale=locale]/console/paiements': staff(),
  '/[locale=locale]/billetterie': { rule: 'public' },
  // --- Passes (TIX-08): the tab and a pass's page are public; an unknown (draft, withdrawn) pass is
  // 404 for everyone (web/tests/passes.spec.ts). Staff alone create them (web/tests/console-passes.spec.ts).
  '/[locale=locale]/passes': { rule: 'public' },
  '/[locale=locale]/console/passes': staff(),
  '/[locale=locale]/console/passes/nouvelle': staff(),
  '/[locale=locale]/console/passes/[passId]': staff({ params: () => ({ passId: 'unknown-pass' }) }),
  '/[locale=locale]/console/passes/[passId]/image': staff({ params: () => ({ passId: 'unknown-pass' }) }),
  '/[locale=locale]/console/passes/[passId]/categories/nouvelle': staff({
    params: () => ({ passId: 'unknown-pass' }),
  }),
  '/[locale=locale]/console/passes/[passId]/categories/[ticketTypeId]': staff({
    params: () => ({ passId: 'unknown-pass', ticketTypeId: 'unknown-category' }),
  }),
  '/[locale=locale]/console/passes/[passId]/categories/[ticketTypeId]/retirer': staff({
    params: () => ({ passId: 'unknown-pass', ticketTypeId: 'unknown-category' }),
  }),
  '/[locale=locale]/passes/[passId]': { rule: 'public', params: () => ({ passId: 'unknown-pass' }) },
  // --- Buying and registering (TIX-09..11): public. The checkout of a published event (its form
  // refuses an empty post in words); an order's pages open with its key only: an unknown order, a
  // wrong key or none is « introuvable » (404) for everyone (the key rows below).
  '/[locale=locale]/evenements/[slug]/billets': {
    rule: 'public',
    params: () => ({ slug: 'festi-jazz-international-de-rimouski' }),
  },
  '/[locale=locale]/commandes/[orderId]': { rule: 'public', params: () => ({ orderId: 'unknown-order' }) },
  '/[locale=locale]/commandes/[orderId]/annuler': {
    rule: 'public',
    params: () => ({ orderId: 'unknown-order' }),
  },
  '/[locale=locale]/commandes/[orderId]/documents/[kind]': {
    rule: 'public',
    params: () => ({ orderId: 'unknown-order', kind: 'billets' }),
  },
  // --- The waiting list (TIX-15): public. Its join page of a published event (the festival has no
  // list: the page says so); the offer and leave pages open with their e-mail's link only: an
  // unknown token is 404 for everyone (web/tests/waiting-list.spec.ts).
  '/[locale=locale]/evenements/[slug]/liste-attente': {
    rule: 'public',
    params: () => ({ slug: 'festi-jazz-international-de-rimouski' }),
  },
  '/[locale=locale]/liste-attente/offre/[token]': {
    rule: 'public',
    params: () => ({ token: 'x'.repeat(43) }),
  },
  '/[locale=locale]/liste-attente/quitter/[token]': {
    rule: 'public',
    params: () => ({ token: 'x'.repeat(43) }),
  },
  // --- Access codes of online events (TIX-13): the code page and its help form are public; an
  // unknown (or not online) event answers 404 to everyone (web/tests/access-codes.spec.ts).
  '/[locale=locale]/acces/[eventId]': { rule: 'public', params: () => ({ eventId: 'unknown-event' }) },
  // --- Organization profile and checkboxes (ORG-03, ORG-09) ---
  // The profile of the session's organization; its checkboxes are actions of the console's organization page.
  '/[locale=locale]/organisme/profil': { rule: 'organisme' },
  // --- The organization portal's orders (TIX-14, REP-04): an unknown order answers 404 to members;
  // another organization's real order too, and a moderator 403 (web/tests/organization-orders.spec.ts).
  '/[locale=locale]/organisme/commandes': { rule: 'organisme' },
  '/[locale=locale]/organisme/commandes/[orderId]': {
    rule: 'organisme',
    params: () => ({ orderId: 'unknown-order' }),
  },
  '/[locale=locale]/organisme/commandes/[orderId]/rembourser': {
    rule: 'organisme',
    params: () => ({ orderId: 'unknown-order' }),
  },
  '/[locale=locale]/organisme/commandes/[orderId]/annuler': {
    rule: 'organisme',
    params: () => ({ orderId: 'unknown-order' }),
  },
  '/[locale=locale]/organisme/commandes/[orderId]/documents/[kind]': {
    rule: 'organisme',
    params: () => ({ orderId: 'unknown-order', kind: 'recu' }),
  },
};

interface Fixture {
  clientA: string;
  clientB: string;
  orgA: string;
  orgB: string;
  /** Fresh sessions for one call each: an action may end the session it is called with (log-out). */
  cookies: () => Promise<Record<Who, string | undefined>>;
}

interface BuiltRoute {
  id: string;
  page: { leaf: number } | null;
  endpoint: (() => Promise<Record<string, unknown>>) | null;
}

interface Manifest {
  _: {
    routes: BuiltRoute[];
    nodes: (() => Promise<{ server?: { actions?: Record<string, unknown> } }>)[];
  };
}

async function builtRoutes(): Promise<{ id: string; methods: string[]; actions: string[] }[]> {
  const { manifest } = (await import('../build/server/manifest.js' as string)) as { manifest: Manifest };
  return Promise.all(
    manifest._.routes.map(async (route) => {
      const methods: string[] = [];
      let actions: string[] = [];
      if (route.page) {
        methods.push('GET');
        const node = await manifest._.nodes[route.page.leaf]?.();
        actions = Object.keys(node?.server?.actions ?? {});
      }
      if (route.endpoint) {
        const endpoint = await route.endpoint();
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
          if (method in endpoint && !methods.includes(method)) methods.push(method);
        }
      }
      return { id: route.id, methods, actions };
    }),
  );
}

function pathOf(id: string, params: Record<string, string>): string {
  return id.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, name: string) => {
    if (name === 'locale') return 'fr';
    const value = params[name];
    if (value === undefined) throw new Error(`No value for [${name}] in ${id}: add it to its rule's params`);
    return encodeURIComponent(value);
  });
}

function session(userId: string, roles: { orgId: string; role: MemberRole }[], clientId?: string) {
  return sessionFor(userId, { roles, clientId });
}

async function user(email = `matrix+${ulid().toLowerCase()}@example.org`): Promise<string> {
  const { userId } = await createAccount(twinDeps(), { email, password: 'correct horse battery staple' });
  return userId;
}

async function fixture(): Promise<Fixture> {
  const deps = twinDeps();
  const staffUser = await user();
  const client = async (lastName: string) => {
    const created = await createClientByStaff(deps, {
      actorUserId: staffUser,
      salutation: 'f',
      firstName: 'Matrice',
      lastName,
      locale: 'fr',
      address: { street: '1 rue Test', city: 'Québec', region: 'QC', postalCode: 'G1R 1A1', country: 'CA' },
      confirmDuplicate: true,
    });
    if (created.outcome !== 'created') throw new Error('the matrix clients are new files');
    return created.clientId;
  };
  const [clientA, clientB] = [await client(`A${ulid()}`), await client(`B${ulid()}`)];
  // The first members have accounts already, so they are active at once.
  const org = async (name: string) => {
    const email = `org+${ulid().toLowerCase()}@example.org`;
    await user(email);
    return createOrganization(deps, {
      name,
      firstMember: { email, displayName: name, locale: 'fr' },
      actorUserId: staffUser,
    });
  };
  const [orgA, orgB] = [await org(`Matrice A ${ulid()}`), await org(`Matrice B ${ulid()}`)];
  const [clientUser, otherClientUser, moderatorUser, trainerUser] = [
    await user(),
    await user(),
    await user(),
    await user(),
  ];
  const staffRoles = [{ orgId: platformOrgId, role: 'staff' as const }];
  return {
    clientA,
    clientB,
    orgA: orgA.orgId,
    orgB: orgB.orgId,
    cookies: async () => {
      const impersonating = await session(staffUser, staffRoles);
      await startImpersonation(deps, { token: impersonating, clientId: clientA });
      return {
        anonymous: undefined,
        client: await session(clientUser, [], clientA),
        otherClient: await session(otherClientUser, [], clientB),
        memberA: await session(orgA.userId, [{ orgId: orgA.orgId, role: 'organisme' }]),
        memberB: await session(orgB.userId, [{ orgId: orgB.orgId, role: 'organisme' }]),
        moderator: await session(moderatorUser, [{ orgId: orgA.orgId, role: 'moderator' }]),
        trainer: await session(trainerUser, [{ orgId: platformOrgId, role: 'trainer' }]),
        staff: await session(staffUser, staffRoles),
        impersonating,
      };
    },
  };
}

/** What a refusal looks like: anonymous visitors are sent to log in, users get 403. */
function verdict(response: Response): 'allowed' | 'login' | 'forbidden' {
  const location = response.headers.get('location') ?? '';
  if (response.status === 303 && location.startsWith('/fr/connexion')) return 'login';
  if (response.status === 403 || response.status === 401) return 'forbidden';
  return 'allowed';
}

test.describe('ROLE-06 access matrix', () => {
  test('ROLE-06 every route and form action answers each kind of visitor as its rule says', async () => {
    test.setTimeout(300_000);
    const routes = await builtRoutes();
    const missing = routes.filter((route) => !rules[route.id]).map((route) => route.id);
    expect(missing, 'routes without an access rule in web/tests/access-matrix.spec.ts').toEqual([]);

    const data = await fixture();
    const failures: string[] = [];
    for (const route of routes) {
      const entry = rules[route.id] as RouteRule;
      const path = pathOf(route.id, entry.params?.(data) ?? {});
      const calls = [
        ...route.methods.map((method) => ({
          method,
          action: undefined as string | undefined,
          rule: entry.rule,
        })),
        ...route.actions.map((action) => ({
          method: 'POST',
          action,
          rule: entry.actions?.[action] ?? entry.rule,
        })),
      ];
      for (const call of calls) {
        const endsSessions = call.action !== undefined && entry.logsOutEverywhere?.includes(call.action);
        let cookies = await data.cookies();
        for (const who of everyone) {
          if (endsSessions) cookies = await data.cookies();
          const cookie = cookies[who];
          const url = `${e2e.origin}${path}${call.action ? `?/${call.action}` : ''}`;
          const response = await fetch(url, {
            method: call.method,
            redirect: 'manual',
            headers: {
              ...(cookie ? { cookie: `parvis_session=${cookie}` } : {}),
              origin: e2e.origin,
              // A browser's form post: with fetch's default */*, SvelteKit would answer as to use:enhance (JSON, 200).
              accept: 'text/html',
              ...(call.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            body: call.method === 'POST' ? '' : undefined,
          });
          await response.arrayBuffer();
          const writes = call.method !== 'GET';
          const refusedWrite = writes && who === 'impersonating' && !entry.openWhileViewing;
          const mayUse = allowed[call.rule].includes(who) && !refusedWrite;
          const expected = mayUse ? 'allowed' : who === 'anonymous' ? 'login' : 'forbidden';
          const got = verdict(response);
          const backToLogIn = (call.rule === 'step' || endsSessions) && mayUse && got === 'login';
          if (got !== expected && !backToLogIn) {
            failures.push(
              `${call.method} ${path}${call.action ? ` ?/${call.action}` : ''} as ${who}: expected ${expected}, got ${got} (${response.status})`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('ROLE-06 TIX-09 an order opens with its own key only: a missing, wrong or another order’s key is « introuvable », never another buyer’s data', async () => {
    test.setTimeout(120_000);
    const deps = twinDeps();
    const email = `matrix.orders+${ulid().toLowerCase()}@example.org`;
    await createAccount(deps, { email, password: 'correct horse battery staple' });
    const org = await createOrganization(deps, {
      name: `Matrice commandes ${ulid()}`,
      firstMember: { email, displayName: 'Matrice', locale: 'fr' },
      actorUserId: 'staff-e2e',
    });
    const actor = { userId: org.userId, orgId: org.orgId, staff: false };
    const eventId = ulid();
    const at = new Date();
    const startsAt = new Date(at.getTime() + 10 * 86_400_000).toISOString();
    await deps.db.calendar.entities.event
      .create({
        eventId,
        orgId: org.orgId,
        presenterOrgId: org.orgId,
        status: 'published',
        version: 1,
        title: `Matrice ${eventId}`,
        slug: `matrice-${eventId.toLowerCase()}`,
        venueIds: [],
        categoryIds: [],
        audienceIds: [],
        startsAt,
        endsAt: startsAt,
        showTime: true,
        timeZone: 'America/Toronto',
        publishedAt: at.toISOString(),
        createdAt: at.toISOString(),
        createdBy: org.userId,
        updatedAt: at.toISOString(),
        updatedBy: org.userId,
      })
      .go();
    const { ticketTypeId } = await saveTicketType(deps, {
      actor,
      eventId,
      fields: {
        nameFr: 'Libre',
        nameEn: 'Free',
        priceCents: 0,
        taxes: 'included',
        quantity: 10,
        perPersonMax: 2,
      },
    });
    await saveTicketingSettings(deps, { actor, eventId, expectedVersion: 0, fields: { enabled: true } });
    const register = (name: string) =>
      startCheckout(
        { ...deps, ...createPaymentDeps(e2eTwin().env) },
        {
          eventId,
          lines: [{ ticketTypeId, quantity: 1 }],
          buyer: {
            name,
            email: `${name.toLowerCase().replace(/\s+/g, '.')}.${ulid().toLowerCase()}@example.org`,
          },
          locale: 'fr',
          checkoutKey: crypto.randomUUID(),
        },
      );
    const mine = await register('Alice Tremblay');
    const theirs = await register('Bruno Gagnon');
    const staffCookie = await sessionFor(
      (
        await createAccount(deps, {
          email: `matrix.staff+${ulid().toLowerCase()}@example.org`,
          password: 'correct horse battery staple',
        })
      ).userId,
      { roles: [{ orgId: platformOrgId, role: 'staff' }] },
    );
    const get = async (path: string, cookie?: string) => {
      const response = await fetch(`${e2e.origin}${path}`, {
        redirect: 'manual',
        headers: { accept: 'text/html', ...(cookie ? { cookie: `parvis_session=${cookie}` } : {}) },
      });
      return {
        status: response.status,
        body: await response.text(),
        cacheControl: response.headers.get('cache-control'),
      };
    };
    const pages = (key?: string) => {
      const query = key === undefined ? '' : `?cle=${encodeURIComponent(key)}`;
      return [
        `/fr/commandes/${mine.orderId}${query}`,
        `/fr/commandes/${mine.orderId}/annuler${query}`,
        `/fr/commandes/${mine.orderId}/documents/billets${query}`,
      ];
    };
    const keys = { none: undefined, wrong: 'x'.repeat(43), another: theirs.accessToken ?? '' };
    for (const [label, key] of Object.entries(keys)) {
      for (const path of pages(key)) {
        for (const cookie of [undefined, staffCookie]) {
          const answer = await get(path, cookie);
          const who = `${label} key, ${cookie ? 'staff' : 'anonymous'}: ${path}`;
          expect(answer.status, who).toBe(404);
          expect(answer.body, who).toMatch(/introuvable/);
          expect(answer.body, who).not.toContain('Alice');
          expect(answer.body, who).not.toContain('Bruno');
        }
      }
    }
    // With its own key: the buyer's order, the buyer's alone (never stored by a cache).
    const own = await get(pages(mine.accessToken)[0] ?? '');
    expect(own.status).toBe(200);
    expect(own.body).toContain('Alice Tremblay'.split(' ')[0]);
    expect(own.body).not.toContain('Bruno');
    expect(own.cacheControl).toContain('no-store');
  });
});
