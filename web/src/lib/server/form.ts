/**
 * Form actions' errors, one way for every page (DESIGN convention 4): a use case's `DomainError`
 * becomes `fail(status, FormFailure)` with its message in the user's language (`toUserError`), and
 * a `ValidationError` also marks the fields at fault, so the page's error summary links to them.
 * Anything else is not the user's to see: it is rethrown, logged once by hooks.server.ts
 * `handleError`, and the user gets the error page with its reference.
 */
import { type ActionFailure, fail } from '@sveltejs/kit';
import { toUserError, ValidationError } from '$shared/kernel/errors';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/** What a failed action returns; the shared form components read exactly this. */
export interface FormFailure {
  /** Which form of the page failed, when a page has several (`password`, `totp`…). */
  form?: string;
  /** Stable code of the error (`invalid_credentials`, `validation_failed`, `required`…). */
  code: string;
  /** The summary's sentence, in the user's language. */
  message: string;
  /** One message per field at fault, keyed by the input's `name`, in the form's order. */
  fields: Record<string, string>;
  /** What was typed, to refill the form when the page is rendered without JavaScript. Never a password. */
  values: Record<string, string>;
}

export interface FormErrorOptions {
  /** Which form of the page this is (FormFailure `form`). */
  form?: string;
  values?: Record<string, string>;
  /** Field labels by name, for messages that name a field. */
  labels?: Record<string, string>;
  /** A use case's issue path → the input that holds it (`password` → `newPassword`). */
  paths?: Record<string, string>;
  /** An error code → the input it is about (`invalid_code` → `code`), for errors that are not validation. */
  codeFields?: Record<string, string>;
}

const genericValidation = new ValidationError([]).userMessage;

/** Longest value sent back to refill a field: the use case has refused it anyway. */
const maxEchoedLength = 1000;

/**
 * The `fail()` for an error thrown by a use case; rethrows anything that is not a 4xx
 * `DomainError`. When a single field is at fault, its message is the use case's own sentence
 * ("Le mot de passe doit contenir au moins 8 caractères."); with several, each field says which
 * field to check and the summary gives the use case's sentence.
 */
export function formFailure<E extends Record<string, unknown> = Record<never, never>>(
  error: unknown,
  locale: Locale,
  options: FormErrorOptions & { extra?: E } = {},
): ActionFailure<FormFailure & E> {
  const user = toUserError(error, locale);
  if (user.status >= 500) throw error;
  const fields: Record<string, string> = {};
  if (error instanceof ValidationError) {
    const byField = new Map<string, string[]>();
    for (const issue of error.issues) {
      const name = options.paths?.[issue.path] ?? issue.path;
      if (!name) continue;
      byField.set(name, [...(byField.get(name) ?? []), issue.message]);
    }
    const specific = error.userMessage.fr !== genericValidation.fr;
    for (const [name, codes] of byField) {
      const label = options.labels?.[name] ?? name;
      if (byField.size === 1 && specific) fields[name] = user.message;
      else if (codes.includes('required')) fields[name] = t(locale, 'form.required', { label });
      else if (codes.includes('too_long')) fields[name] = t(locale, 'form.tooLong', { label });
      else fields[name] = t(locale, 'form.invalid', { label });
    }
  } else {
    const name = options.codeFields?.[user.code];
    if (name) fields[name] = user.message;
  }
  return fail(user.status, {
    ...(options.extra as E),
    form: options.form,
    code: user.code,
    message: user.message,
    fields,
    values: echo(options.values),
  });
}

/**
 * A failure that is no use case's error: a step the page refuses itself (`code`, `message` in the
 * user's language), with the same shape so the same components show it.
 */
export function pageFailure<E extends Record<string, unknown> = Record<never, never>>(
  status: number,
  code: string,
  message: string,
  options: Pick<FormErrorOptions, 'form' | 'values'> & { extra?: E; fields?: Record<string, string> } = {},
): ActionFailure<FormFailure & E> {
  return fail(status, {
    ...(options.extra as E),
    form: options.form,
    code,
    message,
    fields: options.fields ?? {},
    values: echo(options.values),
  });
}

/**
 * The `fail(400)` for required fields left empty, before any use case runs: "Remplissez le champ
 * « Adresse courriel »." for each, in `labels`' order. Undefined when every one is filled.
 */
export function missingFields<E extends Record<string, unknown> = Record<never, never>>(
  values: Record<string, string>,
  labels: Record<string, string>,
  locale: Locale,
  options: Pick<FormErrorOptions, 'form' | 'values'> & { extra?: E } = {},
): ActionFailure<FormFailure & E> | undefined {
  const fields: Record<string, string> = {};
  for (const [name, label] of Object.entries(labels)) {
    if (!values[name]?.trim()) fields[name] = t(locale, 'form.required', { label });
  }
  const messages = Object.values(fields);
  if (messages.length === 0) return undefined;
  return fail(400, {
    ...(options.extra as E),
    form: options.form,
    code: 'required',
    message: messages.length === 1 ? (messages[0] ?? '') : t(locale, 'form.errorSummary.fields'),
    fields,
    values: echo(options.values ?? values),
  });
}

/** The form's text fields by name; a missing field or a file reads as ''. Values are not trimmed. */
export async function readForm<const N extends string>(
  request: Request,
  names: readonly N[],
): Promise<Record<N, string>> {
  const data = await request.formData();
  const values = {} as Record<N, string>;
  for (const name of names) {
    const value = data.get(name);
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}

function echo(values: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value.slice(0, maxEchoedLength)]),
  );
}
