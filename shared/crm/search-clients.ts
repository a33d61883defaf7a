/**
 * Staff search for client files (CRM-02..05): by name prefix, e-mail, phone, postal code prefix or
 * file number. Every search is a key or a key prefix (docs/data-model.md §3.7), so its cost is one
 * page whatever the number of files: a Query of 25 index entries and one BatchGet of their
 * profiles, or a GetItem. No Scan. Each Query says `limit` as well as `count`: without it DynamoDB
 * reads up to 1 MB of the index (thousands of keys in a busy partition) for ElectroDB to keep 25.
 */
import * as z from 'zod/mini';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import type { ClientProfile } from './client';
import { clientFieldLimits, emailField, fieldError, idField, line, parseClientInput } from './client-input';
import { type ClientSummary, toSummary } from './client-views';
import { nameKey, namePrefix, normalizePhone, postalKey, postalPrefix } from './normalize';
import { cursorField, withCursor } from './paging';

/** One page of a staff list. */
export const searchPageSize = 25;

const searchInput = z.discriminatedUnion('by', [
  z.object({
    by: z.literal('name'),
    lastName: line(clientFieldLimits.lastName),
    firstName: z.optional(line(clientFieldLimits.firstName)),
    cursor: cursorField,
  }),
  z.object({ by: z.literal('email'), email: emailField }),
  z.object({
    by: z.literal('phone'),
    phone: line(clientFieldLimits.phone),
    country: z.optional(z.string().check(z.length(2))),
    cursor: cursorField,
  }),
  z.object({
    by: z.literal('postal'),
    postalCode: line(clientFieldLimits.postalCode),
    country: z.optional(z.string().check(z.length(2))),
    cursor: cursorField,
  }),
  z.object({ by: z.literal('id'), clientId: idField }),
]);

export type SearchClientsInput = z.input<typeof searchInput>;

export interface ClientSearchPage {
  items: ClientSummary[];
  /** Opaque; pass back for the next page. `null`: no more. */
  cursor: string | null;
}

type SearchDeps = Pick<Deps, 'db'>;

/**
 * One page of files matching a staff search, 25 at most, in key order (name, postal code). Names
 * match on their normalized prefix (`cote` finds Côté-Lévesque); with a first name, the last name
 * must be complete. A postal code without a country is read as Canadian when it starts with a
 * letter and a digit, else as French.
 */
export async function searchClients(deps: SearchDeps, input: SearchClientsInput): Promise<ClientSearchPage> {
  const search = parseClientInput(searchInput, input);
  const { clientProfile, phoneLookup } = deps.db.crm.entities;
  switch (search.by) {
    case 'id': {
      const found = (await clientProfile.get({ clientId: search.clientId }).go()).data;
      return { items: found ? [toSummary(found)] : [], cursor: null };
    }
    case 'email': {
      const guard = (
        await deps.db.identity.entities.emailGuard.get({ email: normalizeEmail(search.email) }).go()
      ).data;
      const found = guard?.clientId
        ? (await clientProfile.get({ clientId: guard.clientId }).go()).data
        : null;
      return { items: found ? [toSummary(found)] : [], cursor: null };
    }
    case 'phone': {
      const phone = normalizePhone(search.phone, search.country?.toUpperCase());
      if (!phone) throw fieldError('phone', 'invalid');
      const page = await withCursor(() =>
        phoneLookup.query
          .byPhone({ phone })
          .go({ count: searchPageSize, limit: searchPageSize, cursor: search.cursor ?? null }),
      );
      const profiles = await getProfiles(
        deps,
        page.data.map((entry) => entry.clientId),
      );
      return { items: profiles.map(toSummary), cursor: page.cursor };
    }
    case 'postal': {
      const key = postalKey(search.postalCode);
      if (key.length < 2) throw fieldError('postalCode', 'too_short_search');
      const country = search.country?.toUpperCase() ?? (/^[A-Z]\d/.test(key) ? 'CA' : 'FR');
      const page = await withCursor(() =>
        clientProfile.query
          .byPostal({ country, postalPrefix: postalPrefix(key) })
          .begins({ postalKey: key })
          .go({ count: searchPageSize, limit: searchPageSize, cursor: search.cursor ?? null, hydrate: true }),
      );
      return { items: present(page.data).map(toSummary), cursor: page.cursor };
    }
    case 'name': {
      const lastNameKey = nameKey(search.lastName);
      if (!lastNameKey) throw fieldError('lastName', 'no_letters');
      const firstNameKey = search.firstName ? nameKey(search.firstName) : '';
      const query = clientProfile.query.byName({ namePrefix: namePrefix(lastNameKey) });
      const page = await withCursor(() =>
        (firstNameKey ? query.begins({ lastNameKey, firstNameKey }) : query.begins({ lastNameKey })).go({
          count: searchPageSize,
          limit: searchPageSize,
          cursor: search.cursor ?? null,
          hydrate: true,
        }),
      );
      return { items: present(page.data).map(toSummary), cursor: page.cursor };
    }
  }
}

/**
 * Files with exactly these normalized last name, first name and postal code (CRM-03 "Déjà
 * client ?", staff duplicate warning), deactivated ones included: a deactivated file keeps its
 * name and postal entry so a returning client is recognised. Without a postal code, every file
 * with the same names matches. At most `limit`.
 */
export async function findNamePostalMatches(
  deps: SearchDeps,
  keys: { namePrefix: string; lastNameKey: string; firstNameKey: string; postalKey: string },
  limit = 10,
): Promise<ClientProfile[]> {
  const query = deps.db.crm.entities.clientProfile.query.byName({ namePrefix: keys.namePrefix });
  const { lastNameKey, firstNameKey } = keys;
  const page = await (keys.postalKey
    ? query.begins({ lastNameKey, firstNameKey, postalKey: keys.postalKey })
    : query.begins({ lastNameKey, firstNameKey })
  ).go({ count: limit * 2, hydrate: true });
  // The prefix `tremblay#marie` also matches `tremblay#marieeve`: keep exact names only.
  return present(page.data)
    .filter(
      (profile) =>
        profile.lastNameKey === lastNameKey &&
        profile.firstNameKey === firstNameKey &&
        (!keys.postalKey || profile.postalKey === keys.postalKey),
    )
    .slice(0, limit);
}

/** Profiles by id, in the order asked, missing ones left out (one BatchGet per 100). */
async function getProfiles(deps: SearchDeps, clientIds: string[]): Promise<ClientProfile[]> {
  if (clientIds.length === 0) return [];
  const { data } = await deps.db.crm.entities.clientProfile
    .get(clientIds.map((clientId) => ({ clientId })))
    .go();
  const byId = new Map(data.map((profile) => [profile.clientId, profile]));
  return clientIds.flatMap((id) => byId.get(id) ?? []);
}

/** A hydrated page may name an item removed since the index was written. */
function present(items: (ClientProfile | null | undefined)[]): ClientProfile[] {
  return items.filter((item): item is ClientProfile => Boolean(item));
}
