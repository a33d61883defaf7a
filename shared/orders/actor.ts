import * as z from 'zod/mini';

export const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/**
 * Who acts, from the session only (ROLE-06): an organization member acts for `orgId`; staff
 * (members of the reserved organization `platform`) may act for any organization.
 */
export const actorSchema = z.object({
  userId: id(),
  orgId: id(),
  staff: z._default(z.boolean(), false),
});
export type Actor = z.input<typeof actorSchema>;

/** The organization an actor may act for: their own, or any for staff. */
export function actsFor(actor: z.output<typeof actorSchema>, orgId: string): boolean {
  return actor.staff || actor.orgId === orgId;
}
