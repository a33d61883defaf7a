/**
 * What erasure (CRM-07, docs/data-model.md §5) reads of a client before it decides anything: every
 * item of the file's partition `CLIENT#<clientId>` and every item that names the person on g4
 * `CLIENT#<clientId>`, whatever entity wrote them, including entities of issues not built yet
 * (invoices, registrations, orders). Two read-only views make that possible through ElectroDB, not
 * around it: they match items by key only (`ignoreOwnership`) and hand back the stored keys, which
 * are then the only keys the erasure deletes by (`storedItemEntity`). They never write an item,
 * so no other entity's items are ever re-tagged.
 *
 * The sort-key prefixes below are the contract with the entities that live in those places
 * (data-model §5 lists them): an issue that adds an item there uses these prefixes and the
 * attributes the checks read (`balanceCents` on invoices, `status` on orders and registrations,
 * `startsAt` on dated registrations).
 */
import { Entity } from 'electrodb';
import type { Deps } from '../deps';

/** Sort-key prefixes of the items in the file's own partition `CLIENT#<clientId>` (data-model §2.7, §2.8). */
export const fileItemPrefixes = {
  profile: 'PROFILE',
  consent: 'CONSENT#',
  note: 'NOTE#',
  document: 'DOC#',
  heart: 'HEART#',
  privilegeCard: 'PRIVCARD#',
  phaseEnrolment: 'PHASEENR#',
  registration: 'REG#',
  invoice: 'INVOICE#',
  invoicePayment: 'PAYMENT#',
  perBuyerQuantity: 'QTY#',
} as const;

/** g4 sort-key prefixes of the items outside the file that name the person (`CLIENT#<clientId>` on gsi4). */
export const personItemPrefixes = {
  order: 'ORDER#',
  message: 'MSG#',
  chat: 'CHAT#',
  surveyAnswer: 'ANSWER#',
  waitingList: 'WAIT#',
  staffRequest: 'REQUEST#',
} as const;

/**
 * Any item of the partition `CLIENT#<clientId>`, read by key only. `status`, `balanceCents` and
 * `startsAt` are the attributes the erasure checks read on invoices and registrations.
 */
export const clientFileItemEntity = () =>
  new Entity(
    {
      model: { entity: 'clientFileItem', version: '1', service: 'parvis' },
      attributes: {
        clientId: { type: 'string', required: true },
        sortKey: { type: 'string', required: true },
        status: { type: 'string' },
        balanceCents: { type: 'number' },
        startsAt: { type: 'string' },
      },
      indexes: {
        byClient: {
          pk: { field: 'pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: { field: 'sk', composite: ['sortKey'], template: '${sortKey}', casing: 'none' },
        },
      },
    },
    {},
  );

/**
 * Any stored item, addressed by the keys it was read with (never by a key built here), and the g4
 * view of a person: `CLIENT#<recipient>` · `<TYPE>#…`, where the recipient is a client id or, for
 * outbound messages sent before a file existed, `email:<address>`. g4 projects keys only, so what
 * a reader needs of an order head (`status`) is read back by key.
 */
export const storedItemEntity = () =>
  new Entity(
    {
      model: { entity: 'storedItem', version: '1', service: 'parvis' },
      attributes: {
        pk: { type: 'string', required: true },
        sk: { type: 'string', required: true },
        person: { type: 'string' },
        personKey: { type: 'string' },
        status: { type: 'string' },
      },
      indexes: {
        byKey: {
          pk: { field: 'pk', composite: ['pk'], casing: 'none' },
          sk: { field: 'sk', composite: ['sk'], casing: 'none' },
        },
        byPerson: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['person'], template: 'CLIENT#${person}', casing: 'none' },
          sk: { field: 'gsi4sk', composite: ['personKey'], template: '${personKey}', casing: 'none' },
        },
      },
    },
    {},
  );

/** The table key of a stored item, as read. */
export interface StoredKey {
  pk: string;
  sk: string;
}

/** An item of the file's partition, with the attributes the checks read. */
export interface FileItem extends StoredKey {
  status?: string;
  balanceCents?: number;
  startsAt?: string;
}

/** An item found on g4 under the person: its table key and its g4 sort key (`ORDER#…`, `MSG#…`). */
export interface PersonItem extends StoredKey {
  personKey: string;
}

type ReadDeps = Pick<Deps, 'db'>;
const asKeys = { ignoreOwnership: true, data: 'includeKeys', pages: 'all' } as const;

/** Every item of `CLIENT#<clientId>` (paged to the end: it grows with the client's own history only). */
export async function readFileItems(deps: ReadDeps, clientId: string): Promise<FileItem[]> {
  const { data } = await deps.db.crm.entities.clientFileItem.query.byClient({ clientId }).go(asKeys);
  return data.map((item) => {
    const raw = item as unknown as Record<string, unknown>;
    return {
      pk: String(raw.pk),
      sk: String(raw.sk),
      ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
      ...(typeof raw.balanceCents === 'number' ? { balanceCents: raw.balanceCents } : {}),
      ...(typeof raw.startsAt === 'string' ? { startsAt: raw.startsAt } : {}),
    };
  });
}

/**
 * Every item g4 lists under `CLIENT#<person>`: a client id, or `email:<address>` (outbound
 * messages to an address that had no file yet). g4 is eventually consistent: an item written a
 * moment ago may be missing, which is why erasure first stops new writes (`erasing`).
 */
export async function readPersonItems(deps: ReadDeps, person: string): Promise<PersonItem[]> {
  const { data } = await deps.db.crm.entities.storedItem.query.byPerson({ person }).go(asKeys);
  return data.map((item) => {
    const raw = item as unknown as Record<string, unknown>;
    return { pk: String(raw.pk), sk: String(raw.sk), personKey: String(raw.gsi4sk) };
  });
}

/** Every item of the partition of a stored key (an order's head, lines and tickets). */
export async function readPartitionOf(deps: ReadDeps, key: StoredKey): Promise<StoredKey[]> {
  const { data } = await deps.db.crm.entities.storedItem.query.byKey({ pk: key.pk }).go(asKeys);
  return data.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}

/** Deletes stored items by the keys they were read with, 25 per request, until none is left unprocessed. */
export async function deleteStoredItems(deps: ReadDeps, keys: StoredKey[]): Promise<void> {
  const { storedItem } = deps.db.crm.entities;
  let pending = keys.map(({ pk, sk }) => ({ pk, sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 5) throw new Error(`${pending.length} items were not deleted after ${attempt} attempts`);
    const { unprocessed } = await storedItem.delete(pending).go({ concurrent: 4 });
    pending = unprocessed.map(({ pk, sk }) => ({ pk, sk }));
  }
}

/**
 * The part of a client's history that decides what erasure may do (data-model §5). Orders are read
 * back by key from g4 (their `status`); the rest is in the file's partition.
 */
export interface ClientHistory {
  /** `CLIENT#<c>` · `INVOICE#<invoiceId>`; `balanceCents` > 0 is a balance due ("solde"). */
  invoices: { key: StoredKey; balanceCents: number }[];
  /** g4 `CLIENT#<c>` · `ORDER#<placedAt>#<orderId>` → `ORDER#<orderId>` · `ORDER`, with its `status`. */
  orders: { key: StoredKey; status: string }[];
  /** `CLIENT#<c>` · `REG#<registrationId>`; `startsAt`, the workshop's start, on dated rows. */
  registrations: { key: StoredKey; status: string; startsAt?: string }[];
  /** Phase enrolments and privilege cards: sold with an invoice, kept as history. */
  other: StoredKey[];
}

/** Order statuses that never became a sale: an order that expired unpaid is not history. */
export const unpaidOrderStatuses = new Set(['pendingPayment', 'expired']);
/** Registration statuses that still hold a place for a date to come (with `startsAt` > now). */
export const heldRegistrationStatuses = new Set(['registered', 'cancelRequested']);

/** The history found in a file's items and its g4 order heads. */
export function historyOf(
  fileItems: FileItem[],
  orderHeads: { key: StoredKey; status: string }[],
): ClientHistory {
  const starts = (item: FileItem, prefix: string) => item.sk.startsWith(prefix);
  const key = ({ pk, sk }: StoredKey): StoredKey => ({ pk, sk });
  return {
    invoices: fileItems
      .filter((item) => starts(item, fileItemPrefixes.invoice))
      .map((item) => ({ key: key(item), balanceCents: item.balanceCents ?? 0 })),
    orders: orderHeads,
    registrations: fileItems
      .filter((item) => starts(item, fileItemPrefixes.registration))
      .map((item) => ({
        key: key(item),
        status: item.status ?? 'unknown',
        ...(item.startsAt ? { startsAt: item.startsAt } : {}),
      })),
    other: fileItems
      .filter(
        (item) =>
          starts(item, fileItemPrefixes.phaseEnrolment) || starts(item, fileItemPrefixes.privilegeCard),
      )
      .map(key),
  };
}

/** The heads of the orders g4 lists under the person, with their status (one BatchGet per 100). */
export async function readOrderHeads(
  deps: ReadDeps,
  personItems: PersonItem[],
): Promise<{ key: StoredKey; status: string }[]> {
  const keys = personItems
    .filter((item) => item.personKey.startsWith(personItemPrefixes.order))
    .map(({ pk, sk }) => ({ pk, sk }));
  if (keys.length === 0) return [];
  const { data, unprocessed } = await deps.db.crm.entities.storedItem
    .get(keys)
    .go({ ignoreOwnership: true, data: 'includeKeys', consistent: true });
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} order heads were not read`);
  return data.flatMap((item) =>
    item ? [{ key: { pk: item.pk, sk: item.sk }, status: String(item.status ?? 'unknown') }] : [],
  );
}

/** The client's history (two queries and the order heads): the `ClientHistory` port of erasure. */
export async function readClientHistory(deps: ReadDeps, clientId: string): Promise<ClientHistory> {
  const [fileItems, personItems] = await Promise.all([
    readFileItems(deps, clientId),
    readPersonItems(deps, clientId),
  ]);
  return historyOf(fileItems, await readOrderHeads(deps, personItems));
}

/** What erasure may do with a file, given its history (data-model §5, in this order). */
export type ErasureDecision = 'refusedBalance' | 'refusedToSchedule' | 'deleted' | 'deactivated';

/**
 * The seed's four cases: a balance due or an order awaiting payment refuses; then a registration
 * "À PLANIFIER", or one holding a place at a date to come (a dated row without its date counts
 * as to come), refuses; then no history at all allows full deletion; any history deactivates.
 */
export function judgeErasure(history: ClientHistory, now: Date): ErasureDecision {
  if (
    history.invoices.some((invoice) => invoice.balanceCents > 0) ||
    history.orders.some((order) => order.status === 'pendingPayment')
  ) {
    return 'refusedBalance';
  }
  const nowIso = now.toISOString();
  if (
    history.registrations.some(
      (row) =>
        row.status === 'toSchedule' ||
        (heldRegistrationStatuses.has(row.status) && (!row.startsAt || row.startsAt > nowIso)),
    )
  ) {
    return 'refusedToSchedule';
  }
  const hasHistory =
    history.invoices.length > 0 ||
    history.registrations.length > 0 ||
    history.other.length > 0 ||
    history.orders.some((order) => !unpaidOrderStatuses.has(order.status));
  return hasHistory ? 'deactivated' : 'deleted';
}
