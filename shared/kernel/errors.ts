/**
 * The one error family of Parvis. A use case throws a `DomainError` subclass with a stable `code`;
 * `toUserError` turns any error into what a user may see (HTTP status + message in their language),
 * so HTTP handlers and SvelteKit actions answer alike and never leak internals.
 */
export type Locale = 'fr' | 'en';

export interface LocalizedMessage {
  fr: string;
  en: string;
}

export class DomainError extends Error {
  /** HTTP-like status: 4xx errors reach users, anything else is reported as an internal error. */
  readonly status: number;

  constructor(
    readonly code: string,
    readonly userMessage: LocalizedMessage,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${code}: ${userMessage.en}`, { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status ?? 400;
  }
}

/** Input that does not satisfy a schema or a rule; `issues` says which field and why. */
export class ValidationError extends DomainError {
  constructor(
    readonly issues: { path: string; message: string }[],
    message: LocalizedMessage = {
      fr: 'Certaines informations sont invalides.',
      en: 'Some information is invalid.',
    },
  ) {
    super('validation_failed', message, { status: 400 });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: LocalizedMessage) {
    super(
      'not_found',
      { fr: `${what.fr} est introuvable.`, en: `${what.en} was not found.` },
      { status: 404 },
    );
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: LocalizedMessage) {
    super(code, message, { status: 409 });
  }
}

/** A failure that will not succeed on retry (bad data, unknown template): do not retry it. */
export class PermanentFailureError extends DomainError {
  constructor(code: string, message: LocalizedMessage, cause?: unknown) {
    super(code, message, { status: 422, cause });
  }
}

const internal: LocalizedMessage = {
  fr: 'Une erreur inattendue est survenue. Veuillez réessayer.',
  en: 'An unexpected error occurred. Please try again.',
};

/** What a user may see of an error: 4xx domain errors verbatim, everything else generic. */
export function toUserError(
  error: unknown,
  locale: Locale,
): { status: number; code: string; message: string } {
  if (error instanceof DomainError && error.status >= 400 && error.status < 500) {
    return { status: error.status, code: error.code, message: error.userMessage[locale] };
  }
  return { status: 500, code: 'internal', message: internal[locale] };
}
