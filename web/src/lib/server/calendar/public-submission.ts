/**
 * « Soumettre un événement » (CAL-07) between the browser and `submitPublicEvent`: the contact the
 * form posts besides the event's fields (read by the organization form's own reader,
 * $lib/server/organization/event-form.ts), the checks made before the use case, and a refusal
 * that keeps everything typed but the honeypot.
 */
import { type ActionFailure, fail } from '@sveltejs/kit';
import type { EventFormValues } from '$lib/components/organization/event-form-types';
import { type FormFailure, formFailure } from '$lib/server/form';
import {
  emptyValues,
  eventFormFailure,
  fieldLabels,
  fieldsOf,
  priceFailure,
} from '$lib/server/organization/event-form';
import { ValidationError } from '$shared/kernel/errors';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/** The submitter's side of the form, as typed. */
export interface ContactValues {
  submitterName: string;
  submitterEmail: string;
  submitterPhone: string;
  submitterOrganization: string;
}

/**
 * The honeypot's input name (the use case's `website`): hidden from sight and from the keyboard,
 * labelled « leave empty » for screen readers, `autocomplete="off"` so autofill leaves it alone;
 * a robot filling every field fills it.
 */
export const honeypotName = 'homepage';

export const contactLimits = { name: 150, email: 254, phone: 30, organization: 150 } as const;

export function emptyContact(): ContactValues {
  return { submitterName: '', submitterEmail: '', submitterPhone: '', submitterOrganization: '' };
}

/** A blank event for the public form: no presenter (staff decide who presents a submission). */
export function emptyPublicValues(): EventFormValues {
  return { ...emptyValues(''), showTime: true };
}

export function readContact(data: FormData): ContactValues {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    submitterName: text('submitterName'),
    submitterEmail: text('submitterEmail'),
    submitterPhone: text('submitterPhone'),
    submitterOrganization: text('submitterOrganization'),
  };
}

export function contactLabels(locale: Locale): Record<keyof ContactValues, string> {
  return {
    submitterName: t(locale, 'submission.field.name'),
    submitterEmail: t(locale, 'submission.field.email'),
    submitterPhone: t(locale, 'submission.field.phone'),
    submitterOrganization: t(locale, 'submission.field.organization'),
  };
}

type SubmissionFailure = ActionFailure<FormFailure & { draft: EventFormValues; contact: ContactValues }>;

/** A refusal as the page shows it: the message, the fields at fault, everything typed. */
function withContact(
  failure: ActionFailure<FormFailure & { draft: EventFormValues }>,
  contact: ContactValues,
): SubmissionFailure {
  return fail(failure.status, { ...failure.data, contact });
}

/**
 * The contact's own checks before the use case: name and e-mail address are required and the
 * address must look like one, so its refusal names the form's own fields.
 */
export function contactFailure(
  contact: ContactValues,
  values: EventFormValues,
  locale: Locale,
): SubmissionFailure | undefined {
  const labels = contactLabels(locale);
  const fields: Record<string, string> = {};
  if (!contact.submitterName.trim())
    fields.submitterName = t(locale, 'form.required', { label: labels.submitterName });
  const email = contact.submitterEmail.trim();
  if (!email) fields.submitterEmail = t(locale, 'form.required', { label: labels.submitterEmail });
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > contactLimits.email) {
    fields.submitterEmail = t(locale, 'submission.error.email');
  }
  if (Object.keys(fields).length === 0) return undefined;
  const message =
    Object.keys(fields).length === 1
      ? (Object.values(fields)[0] as string)
      : t(locale, 'submission.error.contact');
  return fail(400, {
    form: 'submission',
    code: 'validation_failed',
    message,
    fields,
    values: {},
    draft: values,
    contact,
  });
}

/** The price the form cannot read, before the use case (the organization form's own check). */
export function submissionPriceFailure(values: EventFormValues, contact: ContactValues, locale: Locale) {
  const failure = priceFailure(values, locale);
  return failure ? withContact(failure, contact) : undefined;
}

/** The use case's input fields: the organization form's, less what the public may not set. */
export function publicFieldsOf(values: EventFormValues) {
  const {
    parentEventId: _parent,
    slug: _slug,
    featured: _f,
    bigEvent: _b,
    imageId: _i,
    presenterOrgId: _p,
    ...fields
  } = fieldsOf(values, { staff: false });
  return fields;
}

/** `submitter.email` → `submitterEmail`; the event's fields keep the organization form's mapping. */
function contactPath(path: string): string {
  const match = /^submitter\.(name|email|phone|organization)/.exec(path);
  if (!match) return path;
  const name = match[1] as string;
  return `submitter${name[0]?.toUpperCase()}${name.slice(1)}`;
}

/** A refusal of the use case (validation, a rule, spam protection) with everything typed. */
export function submissionFailure(
  cause: unknown,
  values: EventFormValues,
  contact: ContactValues,
  locale: Locale,
): SubmissionFailure {
  if (cause instanceof ValidationError && cause.issues.some((issue) => issue.path.startsWith('submitter.'))) {
    const error = new ValidationError(
      cause.issues.map((issue) => ({ ...issue, path: contactPath(issue.path) })),
      cause.userMessage,
    );
    return withContact(
      formFailure(error, locale, {
        form: 'event',
        labels: { ...fieldLabels(locale), ...contactLabels(locale) },
        extra: { draft: values },
      }),
      contact,
    );
  }
  return withContact(eventFormFailure(cause, values, locale), contact);
}
