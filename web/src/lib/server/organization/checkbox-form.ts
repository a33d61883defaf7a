/**
 * The console's custom-checkbox forms (ORG-09, TIX-05): add, edit, withdraw, on the organization's
 * console page. Staff only (the caller has run `requireStaff`); the organization is the URL's and
 * a box id in the form reaches only a box of that organization.
 */
import type { ActionFailure } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { type FormFailure, formFailure, pageFailure, readForm } from '$lib/server/form';
import { centsOfField, dollarsOfCents } from '$lib/server/money-field';
import type { CustomCheckbox } from '$shared/organizations/custom-checkbox';
import {
  type CheckboxFields,
  createCustomCheckbox,
  updateCustomCheckbox,
  withdrawCustomCheckbox,
} from '$shared/organizations/custom-checkboxes';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

export const checkboxFormNames = [
  'checkboxId',
  'version',
  'labelFr',
  'labelEn',
  'price',
  'taxes',
  'active',
  'position',
] as const;

export type CheckboxFormValues = Record<(typeof checkboxFormNames)[number], string>;

type Actor = { userId: string; staff: boolean };
type Outcome = { form: string; done: 'added' | 'saved' | 'withdrawn' };

/** A stored box as its edit form shows it. */
export function checkboxFormValues(box: CustomCheckbox, locale: Locale): CheckboxFormValues {
  const price = dollarsOfCents(box.priceCents);
  return {
    checkboxId: box.checkboxId,
    version: String(box.version),
    labelFr: box.labelFr,
    labelEn: box.labelEn,
    price: locale === 'fr' ? price.replace('.', ',') : price,
    taxes: box.taxes,
    active: box.status === 'active' ? 'on' : '',
    position: String(box.position),
  };
}

function labels(locale: Locale) {
  return {
    labelFr: t(locale, 'orgCheckboxes.field.labelFr'),
    labelEn: t(locale, 'orgCheckboxes.field.labelEn'),
    price: t(locale, 'orgCheckboxes.field.price'),
    taxes: t(locale, 'orgCheckboxes.field.taxes'),
    position: t(locale, 'orgCheckboxes.field.position'),
  };
}

/** The add form (`form: 'checkbox-new'`) or an edit form (`checkbox-<id>`), posted. */
export async function saveCheckboxForm(
  request: Request,
  locale: Locale,
  scope: { orgId: string; actor: Actor },
): Promise<Outcome | ActionFailure<FormFailure>> {
  const values = await readForm(request, checkboxFormNames);
  const editing = values.checkboxId.trim();
  const form = editing ? `checkbox-${editing}` : 'checkbox-new';
  const priceCents = centsOfField(values.price);
  if (priceCents === null) {
    const message = t(locale, 'orgCheckboxes.badPrice');
    return pageFailure(400, 'invalid_price', message, { form, values, fields: { price: message } });
  }
  const position = values.position.trim() ? Number(values.position.trim()) : 0;
  if (!Number.isInteger(position) || position < 0 || position > 999) {
    const message = t(locale, 'orgCheckboxes.badPosition');
    return pageFailure(400, 'invalid_position', message, { form, values, fields: { position: message } });
  }
  const fields: CheckboxFields = {
    labelFr: values.labelFr,
    labelEn: values.labelEn,
    priceCents,
    taxes: values.taxes === 'added' ? 'added' : 'included',
    active: values.active === 'on',
    position,
  };
  const paths = Object.fromEntries(Object.keys(labels(locale)).map((name) => [`fields.${name}`, name]));
  paths['fields.priceCents'] = 'price';
  try {
    if (editing) {
      await updateCustomCheckbox(serverDeps(), {
        ...scope,
        checkboxId: editing,
        expectedVersion: Number.parseInt(values.version, 10) || 0,
        fields,
      });
      return { form, done: 'saved' };
    }
    await createCustomCheckbox(serverDeps(), { ...scope, fields });
    return { form, done: 'added' };
  } catch (error) {
    return formFailure(error, locale, { form, values, labels: labels(locale), paths });
  }
}

export async function withdrawCheckboxForm(
  request: Request,
  locale: Locale,
  scope: { orgId: string; actor: Actor },
): Promise<Outcome | ActionFailure<FormFailure>> {
  const { checkboxId } = await readForm(request, ['checkboxId']);
  try {
    await withdrawCustomCheckbox(serverDeps(), { ...scope, checkboxId });
    return { form: 'checkboxes', done: 'withdrawn' };
  } catch (error) {
    return formFailure(error, locale, { form: 'checkboxes' });
  }
}
