/**
 * The audit log of sensitive actions (PLAT-02): who did what to what, and when. An entry holds ids
 * and codes only, never a name, an address or free text, so it can outlive the people it mentions
 * (erasure keeps it, docs/data-model.md §5) without keeping their personal data.
 *
 * Entries are never changed or removed: every attribute is read-only, they are created under a
 * not-exists condition, and there is no update or delete use case. An action that has a write of
 * its own puts its entry in the same transaction (`newAuditEntry` + `auditEntryEntity`), so an
 * entry is never lost, nor written for an action that failed.
 */
import { Entity, type EntityItem } from 'electrodb';
import * as z from 'zod/mini';
import { cursorField, withCursor } from '../crm/paging';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { memberRoles } from './membership';

/**
 * What was done, each with the kind of thing it was done to (the entry's target):
 * - impersonation.start / impersonation.end: staff's "Se connecter en tant que…" (CRM-09), on the client;
 * - client.create: staff created a file (CRM-01), on the client;
 * - client.delete / client.deactivate / client.restore: erasure and restore (CRM-07), on the client;
 * - role.grant / role.revoke: a membership given or taken (`refs.orgId`, `refs.role`), on the user;
 * - export: a file of personal data built (REP-03, COM-07), on its job (`refs.format`);
 * - staff.login: a staff member logged in, on that user;
 * - account.secondFactorReset: staff removed a person's second factor (a lost phone), on that user;
 * - template.save / template.reset: an e-mail template edited or put back to its default (COM-01),
 *   on the template (`<templateKey>:<locale>`);
 * - org.create: an organization created (ORG-01), on it;
 * - member.add / member.remove: a user added to or removed from an organization (ORG-08), on the
 *   organization (`refs.userId`, `refs.role`);
 * - order.refund: an order refunded and cancelled (TIX-14), on the order;
 * - accessCode.reset: an organizer created or reset a ticket's access code (TIX-13), on the order;
 * - payment.activate / payment.suspend: staff activated or suspended an organization's payment
 *   account (TIX-01, ORG-09), on the organization (`refs.provider`).
 */
export const auditTargetOf = {
  'impersonation.start': 'CLIENT',
  'impersonation.end': 'CLIENT',
  'client.create': 'CLIENT',
  'client.delete': 'CLIENT',
  'client.deactivate': 'CLIENT',
  'client.restore': 'CLIENT',
  'role.grant': 'USER',
  'role.revoke': 'USER',
  export: 'JOB',
  'staff.login': 'USER',
  'account.secondFactorReset': 'USER',
  'template.save': 'TEMPLATE',
  'template.reset': 'TEMPLATE',
  'org.create': 'ORG',
  'member.add': 'ORG',
  'member.remove': 'ORG',
  'order.refund': 'ORDER',
  'accessCode.reset': 'ORDER',
  'payment.activate': 'ORG',
  'payment.suspend': 'ORG',
} as const;

export type AuditAction = keyof typeof auditTargetOf;
export const auditActions = Object.keys(auditTargetOf) as AuditAction[];
export const auditTargetTypes = ['CLIENT', 'USER', 'JOB', 'TEMPLATE', 'ORG', 'ORDER'] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

/** Other ids an entry may name besides its target and actor; ids and codes only. */
const refAttribute = { type: 'string', readOnly: true } as const;

/**
 * `AUDIT#<targetType>#<targetId>` · `<at>#<auditId>` (by target); g1 `AUDIT#<yyyy-mm>` ·
 * `<at>#<auditId>` (recent entries, by month); g3 `USER#<actorUserId>` · `AUDIT#<at>#<auditId>` (by
 * actor). The indexes project only keys, so the readers of g1 and g3 hydrate by key.
 */
export const auditEntryEntity = () =>
  new Entity(
    {
      model: { entity: 'auditEntry', version: '1', service: 'parvis' },
      attributes: {
        auditId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        /** `yyyy-mm` of `at` (UTC): the month partition of g1. */
        month: { type: 'string', required: true, readOnly: true },
        action: { type: auditActions, required: true, readOnly: true },
        targetType: { type: auditTargetTypes, required: true, readOnly: true },
        targetId: { type: 'string', required: true, readOnly: true },
        /** A user id, or `system` for a job acting on its own. */
        actorUserId: { type: 'string', required: true, readOnly: true },
        /** When staff act while impersonating (CRM-09), the client file they were viewing. */
        actingAsClientId: refAttribute,
        refs: {
          type: 'map',
          readOnly: true,
          properties: {
            orgId: refAttribute,
            userId: refAttribute,
            clientId: refAttribute,
            role: refAttribute,
            jobId: refAttribute,
            format: refAttribute,
            provider: refAttribute,
          },
        },
      },
      indexes: {
        byTarget: {
          pk: {
            field: 'pk',
            composite: ['targetType', 'targetId'],
            template: 'AUDIT#${targetType}#${targetId}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: ['at', 'auditId'], template: '${at}#${auditId}', casing: 'none' },
        },
        byMonth: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['month'], template: 'AUDIT#${month}', casing: 'none' },
          sk: { field: 'gsi1sk', composite: ['at', 'auditId'], template: '${at}#${auditId}', casing: 'none' },
        },
        byActor: {
          index: 'gsi3',
          pk: {
            field: 'gsi3pk',
            composite: ['actorUserId'],
            template: 'USER#${actorUserId}',
            casing: 'none',
          },
          sk: {
            field: 'gsi3sk',
            composite: ['at', 'auditId'],
            template: 'AUDIT#${at}#${auditId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type AuditEntry = EntityItem<ReturnType<typeof auditEntryEntity>>;

// Ids and codes: letters, digits and `_ - . :` only. No spaces, `@` or `#`: no names, no e-mail
// addresses, nothing that could split a key.
const code = () =>
  z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/));

const entryInput = z.strictObject({
  action: z.enum(auditActions as [AuditAction, ...AuditAction[]]),
  targetId: code(),
  actorUserId: code(),
  actingAsClientId: z.optional(code()),
  refs: z.optional(
    z.strictObject({
      orgId: z.optional(code()),
      userId: z.optional(code()),
      clientId: z.optional(code()),
      role: z.optional(z.enum(memberRoles)),
      jobId: z.optional(code()),
      format: z.optional(z.enum(['csv', 'xlsx', 'pdf'])),
      provider: z.optional(z.enum(['stripe', 'paypal'])),
    }),
  ),
});

export type AuditInput = z.input<typeof entryInput>;

/**
 * The entry for an action, stamped with the clock and a new id, for a caller to put in its own
 * transaction: `auditEntry.create(newAuditEntry(deps, …)).commit()` with the identity domain's
 * `auditEntry` entity joined through `createWriteTransaction` (`create` is conditioned on the key
 * not existing).
 */
export function newAuditEntry(deps: Pick<Deps, 'clock' | 'ids'>, input: AuditInput): AuditEntry {
  const entry = parseInput(entryInput, input);
  const at = deps.clock.now().toISOString();
  return {
    auditId: deps.ids(),
    at,
    month: at.slice(0, 7),
    action: entry.action,
    targetType: auditTargetOf[entry.action],
    targetId: entry.targetId,
    actorUserId: entry.actorUserId,
    ...(entry.actingAsClientId ? { actingAsClientId: entry.actingAsClientId } : {}),
    ...(entry.refs && Object.keys(entry.refs).length > 0 ? { refs: entry.refs } : {}),
  };
}

/** Records an action that has no write of its own to share a transaction with (a log-in, an export started). */
export async function recordAudit(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: AuditInput,
): Promise<AuditEntry> {
  const entry = newAuditEntry(deps, input);
  await deps.db.identity.entities.auditEntry.create(entry).go();
  return entry;
}

const listInput = z.intersection(
  z.discriminatedUnion('by', [
    z.object({ by: z.literal('month'), month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)) }),
    z.object({ by: z.literal('actor'), actorUserId: code() }),
    z.object({ by: z.literal('target'), targetType: z.enum(auditTargetTypes), targetId: code() }),
  ]),
  z.object({
    cursor: cursorField,
    limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 50),
  }),
);

export type AuditQuery = z.input<typeof listInput>;

/**
 * Audit entries, newest first, a page at a time (staff console): all entries of a month (g1), an
 * actor's (g3), or a target's (base table). `cursor` is ElectroDB's opaque cursor, null on the last
 * page. Who may read is the web layer's decision (staff only).
 */
export async function listAudit(
  deps: Pick<Deps, 'db'>,
  input: AuditQuery,
): Promise<{ entries: AuditEntry[]; cursor: string | null }> {
  const query = parseInput(listInput, input);
  const { auditEntry } = deps.db.identity.entities;
  const options = { order: 'desc', cursor: query.cursor ?? null, limit: query.limit } as const;
  const page = await withCursor(() =>
    query.by === 'month'
      ? auditEntry.query.byMonth({ month: query.month }).go({ ...options, hydrate: true })
      : query.by === 'actor'
        ? auditEntry.query.byActor({ actorUserId: query.actorUserId }).go({ ...options, hydrate: true })
        : auditEntry.query.byTarget({ targetType: query.targetType, targetId: query.targetId }).go(options),
  );
  return { entries: page.data as AuditEntry[], cursor: page.cursor };
}
