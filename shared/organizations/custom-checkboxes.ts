/**
 * Custom checkboxes per organization (ORG-09, TIX-05): staff add to an organization's checkout a
 * box the buyer may tick — « Je veux recevoir l'infolettre », « Ajouter le t-shirt du festival
 * (20 $) » — optionally priced. Ticketing offers the active ones at checkout and turns a ticked one
 * into an order line; here staff only manage them. A box is never deleted (an order line may name
 * it): it is withdrawn, and stays listed as such. Every change is conditioned on the version the
 * staff member loaded, so two of them editing one box cannot silently undo each other.
 */
import * as z from 'zod/mini';
import { StaffOnlyError } from '../calendar/errors';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { type CustomCheckbox, taxModes } from './custom-checkbox';

type CheckboxDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

export const checkboxLimits = {
  label: 200,
  /** 10 000 $: a promotional item, not a ticket. */
  priceCents: 1_000_000,
  /** Boxes not withdrawn, per organization: a checkout stays readable. */
  perOrganization: 20,
  position: 999,
} as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const line = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !controlCharacters.test(value), 'control_characters'),
  );
const id = () => line(64);

const checkboxFields = z.object({
  labelFr: line(checkboxLimits.label),
  labelEn: line(checkboxLimits.label),
  /** Absent: ticking it costs nothing. */
  priceCents: z.optional(z.int().check(z.minimum(1), z.maximum(checkboxLimits.priceCents))),
  taxes: z._default(z.enum(taxModes), 'included'),
  /** Offered at checkout now; a paused box keeps its settings for later. */
  active: z._default(z.boolean(), true),
  position: z._default(z.int().check(z.minimum(0), z.maximum(checkboxLimits.position)), 0),
});

export type CheckboxFields = z.input<typeof checkboxFields>;

const staffActor = z.object({ userId: id(), staff: z.boolean() });

function requireStaff(actor: z.output<typeof staffActor>) {
  if (!actor.staff) throw new StaffOnlyError('Cases à cocher personnalisées');
}

const notFound = () => new NotFoundError({ fr: 'La case à cocher', en: 'The checkbox' });

export class CheckboxChangedError extends ConflictError {
  constructor() {
    super('checkbox_changed_meanwhile', {
      fr: 'Quelqu’un d’autre a modifié cette case à cocher pendant que vous la modifiiez. Vos changements n’ont pas été enregistrés : ils sont toujours dans le formulaire. Rechargez la page pour voir la nouvelle version, puis reportez-les.',
      en: 'Someone else changed this checkbox while you were editing it. Your changes were not saved: they are still in the form. Reload the page to see the new version, then apply them again.',
    });
  }
}

export class CheckboxWithdrawnError extends ConflictError {
  constructor() {
    super('checkbox_withdrawn', {
      fr: 'Cette case à cocher a été retirée : elle ne peut plus être modifiée. Créez-en une nouvelle au besoin.',
      en: 'This checkbox was withdrawn: it can no longer be changed. Create a new one if needed.',
    });
  }
}

export class TooManyCheckboxesError extends ConflictError {
  constructor() {
    super('too_many_checkboxes', {
      fr: `Un organisme peut avoir au plus ${checkboxLimits.perOrganization} cases à cocher en service. Retirez-en une avant d’en ajouter une autre.`,
      en: `An organization can have at most ${checkboxLimits.perOrganization} checkboxes in use. Withdraw one before adding another.`,
    });
  }
}

function stored(fields: z.output<typeof checkboxFields>) {
  return {
    labelFr: fields.labelFr,
    labelEn: fields.labelEn,
    taxes: fields.taxes,
    position: fields.position,
    status: fields.active ? ('active' as const) : ('paused' as const),
  };
}

/** ORG-09: the organization's boxes, withdrawn ones last, each group by position then French label. */
export async function listCustomCheckboxes(
  deps: Pick<Deps, 'db'>,
  input: { orgId: string },
): Promise<CustomCheckbox[]> {
  const { orgId } = parseInput(z.object({ orgId: id() }), input);
  const { data } = await deps.db.organizations.entities.customCheckbox.query
    .byOrganization({ orgId })
    .go({ pages: 'all' });
  const rank = (box: CustomCheckbox) => (box.status === 'withdrawn' ? 1 : 0);
  return [...data].sort(
    (a, b) => rank(a) - rank(b) || a.position - b.position || a.labelFr.localeCompare(b.labelFr, 'fr'),
  );
}

/** TIX-05: what checkout offers for this organization's events — the active boxes, in order. */
export async function offeredCustomCheckboxes(
  deps: Pick<Deps, 'db'>,
  input: { orgId: string },
): Promise<CustomCheckbox[]> {
  return (await listCustomCheckboxes(deps, input)).filter((box) => box.status === 'active');
}

const createInput = z.object({ actor: staffActor, orgId: id(), fields: checkboxFields });

/** ORG-09, TIX-05: staff add a box to an organization's checkout. */
export async function createCustomCheckbox(
  deps: CheckboxDeps,
  input: z.input<typeof createInput>,
): Promise<{ checkboxId: string; version: number }> {
  const parsed = parseInput(createInput, input);
  requireStaff(parsed.actor);
  const organization = (
    await deps.db.identity.entities.organization.get({ orgId: parsed.orgId }).go({ consistent: true })
  ).data;
  if (!organization) throw new NotFoundError({ fr: 'L’organisme', en: 'The organization' });
  const inUse = (await listCustomCheckboxes(deps, parsed)).filter((box) => box.status !== 'withdrawn');
  if (inUse.length >= checkboxLimits.perOrganization) throw new TooManyCheckboxesError();
  const checkboxId = deps.ids();
  const now = deps.clock.now().toISOString();
  await deps.db.organizations.entities.customCheckbox
    .create({
      orgId: parsed.orgId,
      checkboxId,
      ...stored(parsed.fields),
      priceCents: parsed.fields.priceCents,
      currency: 'CAD',
      version: 1,
      createdAt: now,
      createdBy: parsed.actor.userId,
      updatedAt: now,
      updatedBy: parsed.actor.userId,
    })
    .go();
  return { checkboxId, version: 1 };
}

const updateInput = z.object({
  actor: staffActor,
  orgId: id(),
  checkboxId: id(),
  expectedVersion: z.int().check(z.minimum(1)),
  fields: checkboxFields,
});

/** Reads a box of this organization only: another organization's id is "not found". */
async function boxOf(deps: Pick<Deps, 'db'>, orgId: string, checkboxId: string) {
  const box = (
    await deps.db.organizations.entities.customCheckbox.get({ orgId, checkboxId }).go({ consistent: true })
  ).data;
  if (!box) throw notFound();
  return box;
}

/** After a refused write: why, from what is stored now. */
async function refusal(deps: Pick<Deps, 'db'>, orgId: string, checkboxId: string): Promise<Error> {
  const again = await boxOf(deps, orgId, checkboxId);
  return again.status === 'withdrawn' ? new CheckboxWithdrawnError() : new CheckboxChangedError();
}

/** ORG-09, TIX-05: staff change a box's labels, price, taxes, order or pause it. */
export async function updateCustomCheckbox(
  deps: CheckboxDeps,
  input: z.input<typeof updateInput>,
): Promise<{ version: number }> {
  const parsed = parseInput(updateInput, input);
  requireStaff(parsed.actor);
  const current = await boxOf(deps, parsed.orgId, parsed.checkboxId);
  if (current.status === 'withdrawn') throw new CheckboxWithdrawnError();
  if (current.version !== parsed.expectedVersion) throw new CheckboxChangedError();
  const version = current.version + 1;
  const patch = deps.db.organizations.entities.customCheckbox
    .patch({ orgId: parsed.orgId, checkboxId: parsed.checkboxId })
    .set({
      ...stored(parsed.fields),
      ...(parsed.fields.priceCents === undefined ? {} : { priceCents: parsed.fields.priceCents }),
      version,
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: parsed.actor.userId,
    });
  try {
    await (parsed.fields.priceCents === undefined ? patch.remove(['priceCents']) : patch)
      .where((attr, { eq, ne }) => `${eq(attr.version, current.version)} AND ${ne(attr.status, 'withdrawn')}`)
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw await refusal(deps, parsed.orgId, parsed.checkboxId);
    throw error;
  }
  return { version };
}

const withdrawInput = z.object({ actor: staffActor, orgId: id(), checkboxId: id() });

/**
 * ORG-09, TIX-05: staff withdraw a box: checkout no longer offers it, orders that include it keep
 * their line. Withdrawing a withdrawn box changes nothing.
 */
export async function withdrawCustomCheckbox(
  deps: CheckboxDeps,
  input: z.input<typeof withdrawInput>,
): Promise<void> {
  const parsed = parseInput(withdrawInput, input);
  requireStaff(parsed.actor);
  const current = await boxOf(deps, parsed.orgId, parsed.checkboxId);
  if (current.status === 'withdrawn') return;
  const now = deps.clock.now().toISOString();
  try {
    await deps.db.organizations.entities.customCheckbox
      .patch({ orgId: parsed.orgId, checkboxId: parsed.checkboxId })
      .set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now, updatedBy: parsed.actor.userId })
      // Added, not set: an edit that landed since the read has raised it already.
      .add({ version: 1 })
      .where((attr, { ne }) => ne(attr.status, 'withdrawn'))
      .go();
  } catch (error) {
    // Withdrawn by someone else meanwhile: the outcome is the one asked for.
    if (!isConditionFailure(error)) throw error;
  }
}
