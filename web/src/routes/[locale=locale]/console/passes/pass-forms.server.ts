/**
 * The staff console's passes (TIX-08, ORG-09): their loads and form actions, thin over
 * shared/ticketing/passes.ts and ticket-types.ts. Staff only: every load and every action starts
 * with `requireStaff` (the layout's guard does not run before an action). The form checks the use
 * case's rules first (`passIssues`, `ticketTypeIssues`) so each field at fault gets its own
 * sentence; the use cases check them again and decide the rest (organization, events, versions).
 * A pass's tiers are ticket types in the pass's partition, saved with the staff actor and the
 * pass's selling organization, with no sales dates of their own: the pass's period rules.
 */
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure } from '$lib/server/form';
import {
  blankTicketType,
  instantOf,
  issuesFailure,
  readTicketTypeForm,
  ticketTypeSaveFailure,
  ticketTypeValues,
} from '$lib/server/ticketing/ticketing-forms';
import { organizationEvents } from '$shared/calendar/organization-events';
import { listOrganizations } from '$shared/identity/members';
import type { StoredRendition } from '$shared/images/crops';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { defaultTimeZone, utcToZoned } from '$shared/kernel/zoned-time';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import type { TicketTypeIssue } from '$shared/ticketing/errors';
import type { Pass, PassStatus } from '$shared/ticketing/pass';
import { passCardImages } from '$shared/ticketing/pass-image';
import {
  listPasses,
  type PassSaleState,
  passIssues,
  passLimits,
  passSaleState,
  readPass,
  savePass,
} from '$shared/ticketing/passes';
import {
  type ListedTicketType,
  listTicketTypes,
  saveTicketType,
  ticketTypeLimits,
  withdrawTicketType,
} from '$shared/ticketing/ticket-types';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** Pass dates are typed and shown in Québec time, as the rest of the console. */
export const passTimeZone = defaultTimeZone;

// --- Shared pieces ---

/** The pass of the URL, read consistently; 404 when there is none. */
export async function passOf(event: Event): Promise<Pass> {
  const passId = String(event.params.passId ?? '');
  const pass = passId.length <= 64 ? await readPass(serverDeps(), passId, { consistent: true }) : undefined;
  if (!pass) error(404, t(event.locals.locale, 'consolePasses.notFound'));
  return pass;
}

/** The state a tier shows in its table: a tier of a pass not on sale is not on sale either. */
function tierStatus(
  type: ListedTicketType,
  state: PassSaleState,
): 'onSale' | 'notYet' | 'ended' | 'withdrawn' {
  if (type.status === 'withdrawn') return 'withdrawn';
  if (state === 'onSale') return 'onSale';
  if (state === 'upcoming' || state === 'draft') return 'notYet';
  return 'ended';
}

function tierRow(type: ListedTicketType, state: PassSaleState) {
  return {
    ticketTypeId: type.ticketTypeId,
    nameFr: type.nameFr,
    nameEn: type.nameEn,
    priceCents: type.priceCents,
    currency: type.currency,
    taxes: type.taxes,
    quantity: type.quantity,
    perPersonMax: type.perPersonMax,
    sold: type.sold,
    held: type.held,
    remaining: type.remaining,
    status: tierStatus(type, state),
  };
}

const organizationChoices = async () =>
  (await listOrganizations(serverDeps()))
    .filter((organization) => organization.status !== 'suspended')
    .map((organization) => ({ orgId: organization.orgId, name: organization.name }));

/**
 * The events staff may tick for `orgId`: its published events not over yet, and those the pass
 * already includes (still listed once over, so saving does not drop them unseen).
 */
async function eventChoices(orgId: string, included: readonly string[]) {
  if (!orgId) return [];
  const { byState } = await organizationEvents(serverDeps(), { orgId });
  return byState.published
    .filter((summary) => !summary.past || included.includes(summary.eventId))
    .map((summary) => ({
      eventId: summary.eventId,
      title: summary.title,
      startsAt: summary.startsAt,
      timeZone: summary.timeZone,
      showTime: summary.showTime,
      past: summary.past,
    }));
}

// --- The list ---

const listNotices = ['created', 'saved'] as const;

/** Every pass with its selling organization, its state now and what its tiers sold. */
export async function loadPassList(event: Event) {
  requireStaff(event);
  const deps = serverDeps();
  const [passes, organizations] = await Promise.all([listPasses(deps), listOrganizations(deps)]);
  const names = new Map(organizations.map((organization) => [organization.orgId, organization.name]));
  const now = deps.clock.now();
  const rows = await Promise.all(
    passes.map(async (pass) => {
      const { ticketTypes } = await listTicketTypes(deps, { eventId: pass.passId });
      return {
        passId: pass.passId,
        title: pass.title,
        organization: names.get(pass.orgId),
        eventCount: pass.eventIds.length,
        salesStartAt: pass.salesStartAt,
        salesEndAt: pass.salesEndAt,
        state: passSaleState(pass, now),
        tiers: ticketTypes
          .filter((type) => type.status === 'active')
          .map((type) => ({
            nameFr: type.nameFr,
            nameEn: type.nameEn,
            sold: type.sold,
            remaining: type.remaining,
          })),
      };
    }),
  );
  const done = event.url.searchParams.get('fait');
  return { passes: rows, notice: listNotices.find((notice) => notice === done) };
}

// --- The pass form ---

export const passFormNames = [
  'version',
  'orgId',
  'title',
  'description',
  'status',
  'salesStartAt',
  'salesEndAt',
] as const;
/** The form's values; `eventIds` holds the ticked ids joined by commas (ULIDs have none). */
export type PassFormValues = Record<(typeof passFormNames)[number] | 'eventIds', string>;

const blankPass = (orgId: string): PassFormValues => ({
  version: '',
  orgId,
  title: '',
  description: '',
  status: 'draft',
  salesStartAt: '',
  salesEndAt: '',
  eventIds: '',
});

function passValues(pass: Pass): PassFormValues {
  return {
    version: String(pass.version),
    orgId: pass.orgId,
    title: pass.title,
    description: pass.description ?? '',
    status: pass.status,
    salesStartAt: utcToZoned(pass.salesStartAt, passTimeZone),
    salesEndAt: utcToZoned(pass.salesEndAt, passTimeZone),
    eventIds: pass.eventIds.join(','),
  };
}

const formLimits = {
  title: passLimits.title,
  description: passLimits.description,
  events: passLimits.events,
};

/**
 * « Créer une passe »: first the organization (`?organisme=`, a GET form, so it works without
 * JavaScript), then the form with that organization's events.
 */
export async function loadNewPass(event: Event) {
  requireStaff(event);
  const organizations = await organizationChoices();
  const asked = event.url.searchParams.get('organisme')?.trim() ?? '';
  const chosen = organizations.find((organization) => organization.orgId === asked);
  return {
    organizations,
    chosen,
    unknownOrganization: asked !== '' && !chosen,
    events: chosen ? await eventChoices(chosen.orgId, []) : [],
    values: blankPass(chosen?.orgId ?? ''),
    limits: formLimits,
    timeZone: passTimeZone,
  };
}

const passNotices = ['created', 'saved', 'added', 'tierSaved', 'withdrawn', 'imageRemoved'] as const;

/** A pass's page: its form, its tiers with what they sold. */
export async function loadPassPage(event: Event) {
  requireStaff(event);
  const pass = await passOf(event);
  const deps = serverDeps();
  const [organizations, list, images] = await Promise.all([
    listOrganizations(deps),
    listTicketTypes(deps, { eventId: pass.passId, consistent: true }),
    passCardImages(deps, [pass]),
  ]);
  const image = images.get(pass.passId);
  const state = passSaleState(pass, deps.clock.now());
  const done = event.url.searchParams.get('fait');
  return {
    pass: { passId: pass.passId, title: pass.title, orgId: pass.orgId },
    period: { salesStartAt: pass.salesStartAt, salesEndAt: pass.salesEndAt },
    organization: organizations.find((organization) => organization.orgId === pass.orgId)?.name,
    state,
    events: await eventChoices(pass.orgId, pass.eventIds),
    values: passValues(pass),
    limits: formLimits,
    timeZone: passTimeZone,
    tiers: list.ticketTypes.map((type) => tierRow(type, state)),
    image: image && { renditions: image.renditions as StoredRendition[] },
    notice: passNotices.find((notice) => notice === done),
  };
}

/** What the rules and the use case call each field, mapped to the form's inputs. */
const passPaths = Object.fromEntries(
  ['orgId', 'title', 'description', 'eventIds', 'status', 'salesStartAt', 'salesEndAt'].map((name) => [
    `fields.${name}`,
    name,
  ]),
);

/**
 * « Créer la passe » / « Enregistrer la passe ». The organization of a saved pass is the stored
 * one, never the form's: its tiers and sales are that organization's. A refusal, a conflict with
 * another tab included, comes back with everything typed.
 */
export async function savePassForm(event: Event) {
  const principal = requireStaff(event);
  const { locale } = event.locals;
  const current = event.params.passId ? await passOf(event) : undefined;
  const data = await event.request.formData();
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const eventIds = data
    .getAll('eventIds')
    .filter((value): value is string => typeof value === 'string')
    .slice(0, 200);
  const values: PassFormValues = {
    ...(Object.fromEntries(passFormNames.map((name) => [name, text(name)])) as Record<
      (typeof passFormNames)[number],
      string
    >),
    eventIds: eventIds.join(','),
  };
  if (current) values.orgId = current.orgId;
  const form = 'pass';
  const status = (['draft', 'active', 'withdrawn'] as const).find((candidate) => candidate === values.status);
  const fields = {
    orgId: values.orgId,
    title: values.title,
    description: values.description,
    eventIds,
    status: status ?? ('draft' as PassStatus),
    salesStartAt: instantOf(values.salesStartAt, passTimeZone) ?? '',
    salesEndAt: instantOf(values.salesEndAt, passTimeZone) ?? '',
  };
  const issues = passIssues(fields);
  if (issues.length > 0 || !status) {
    return issuesFailure(issues, locale, {
      form,
      values,
      extra: status
        ? {}
        : { status: t(locale, 'form.required', { label: t(locale, 'consolePasses.field.status') }) },
    });
  }
  let saved: { passId: string };
  try {
    saved = await savePass(serverDeps(), {
      actor: { userId: principal.userId },
      passId: current?.passId,
      expectedVersion: current ? Number.parseInt(values.version, 10) || undefined : undefined,
      fields,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'consolePasses.notFound'));
    // The rules that need a read (an unknown organization, another one's or an unpublished event).
    if (
      cause instanceof ValidationError &&
      cause.issues.every((issue) => issue.message.startsWith('ticketing.'))
    ) {
      const keyed = cause.issues.map((issue) => ({
        path: issue.path.replace(/^fields\./, ''),
        key: issue.message as TicketTypeIssue['key'],
        params: { max: passLimits.events },
      }));
      return issuesFailure(keyed, locale, { form, values });
    }
    return formFailure(cause, locale, { form, values, paths: passPaths });
  }
  redirect(303, `${paths.consolePass(locale, saved.passId)}?fait=${current ? 'saved' : 'created'}`);
}

// --- A pass's tiers ---

/** A tier's form values: the organizer's category form, without sales dates (the pass's period rules). */
const tierValues = (type: ListedTicketType, locale: Locale) => ticketTypeValues(type, passTimeZone, locale);

const staffActor = (userId: string, pass: Pass) => ({ userId, orgId: pass.orgId, staff: true });

/** The tier of the URL among the pass's; 404 for any other id. */
async function tierOf(event: Event, pass: Pass) {
  const ticketTypeId = String(event.params.ticketTypeId ?? '');
  const deps = serverDeps();
  const list = await listTicketTypes(deps, { eventId: pass.passId, consistent: true });
  const type = list.ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  if (!type) error(404, t(event.locals.locale, 'consolePasses.tier.notFound'));
  return { type, row: tierRow(type, passSaleState(pass, deps.clock.now())) };
}

const passHeader = (pass: Pass) => ({
  passId: pass.passId,
  title: pass.title,
  salesStartAt: pass.salesStartAt,
  salesEndAt: pass.salesEndAt,
});

/** A tier's form: a blank one, or the tier of the URL (a withdrawn one goes back to the pass). */
export async function loadTierForm(event: Event, editing: boolean) {
  requireStaff(event);
  const pass = await passOf(event);
  const { locale } = event.locals;
  const base = { pass: passHeader(pass), limits: ticketTypeLimits, timeZone: passTimeZone };
  if (!editing) return { ...base, ticketTypeId: undefined, values: blankTicketType, row: undefined };
  const { type, row } = await tierOf(event, pass);
  if (type.status === 'withdrawn') redirect(303, paths.consolePass(locale, pass.passId));
  return { ...base, ticketTypeId: type.ticketTypeId, values: tierValues(type, locale), row };
}

/** « Ajouter la catégorie » / « Enregistrer la catégorie » of a pass. */
export async function saveTierForm(event: Event, editing: boolean) {
  const principal = requireStaff(event);
  const pass = await passOf(event);
  const { locale } = event.locals;
  const ticketTypeId = editing ? String(event.params.ticketTypeId ?? '') : undefined;
  const read = await readTicketTypeForm(event.request, locale, passTimeZone);
  if (read.failure) return read.failure;
  const { values, fields } = read;
  try {
    await saveTicketType(serverDeps(), {
      actor: staffActor(principal.userId, pass),
      eventId: pass.passId,
      ticketTypeId,
      expectedVersion: editing ? Number.parseInt(values.version, 10) || undefined : undefined,
      fields,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'consolePasses.tier.notFound'));
    return ticketTypeSaveFailure(cause, locale, values);
  }
  redirect(303, `${paths.consolePass(locale, pass.passId)}?fait=${editing ? 'tierSaved' : 'added'}`);
}

/** The confirmation step of withdrawing a tier from sale (a page: no JavaScript needed). */
export async function loadTierWithdrawal(event: Event) {
  requireStaff(event);
  const pass = await passOf(event);
  const { type, row } = await tierOf(event, pass);
  return { pass: passHeader(pass), ticketTypeId: type.ticketTypeId, row };
}

export async function withdrawTierForm(event: Event) {
  const principal = requireStaff(event);
  const pass = await passOf(event);
  const { locale } = event.locals;
  const ticketTypeId = String(event.params.ticketTypeId ?? '');
  try {
    await withdrawTicketType(serverDeps(), {
      actor: staffActor(principal.userId, pass),
      eventId: pass.passId,
      ticketTypeId,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'consolePasses.tier.notFound'));
    }
    return formFailure(cause, locale, { form: 'withdraw' });
  }
  redirect(303, `${paths.consolePass(locale, pass.passId)}?fait=withdrawn`);
}
