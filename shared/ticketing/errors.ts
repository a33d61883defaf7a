import {
  ConflictError,
  DomainError,
  type LocalizedMessage,
  NotFoundError,
  ValidationError,
} from '../kernel/errors';
import { en, fr } from '../templates/i18n/catalogues/ticketing';

type TicketingKey = keyof typeof fr;

/** A message of the ticketing catalogue in both languages, its `{placeholders}` filled. */
export function ticketingMessage(
  key: TicketingKey,
  params: Record<string, string | number> = {},
): LocalizedMessage {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  return { fr: fill(fr[key]), en: fill(en[key]) };
}

/** One broken rule of a category's fields: which field, and its message key. */
export interface TicketTypeIssue {
  path: string;
  key: TicketingKey;
  params?: Record<string, string | number>;
}

/** Refused category fields (TIX-02, TIX-03), every broken rule said in French and English. */
export function ticketTypeInvalid(issues: TicketTypeIssue[]): ValidationError {
  const messages = issues.map((issue) => ticketingMessage(issue.key, issue.params));
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path, message: issue.key })),
    {
      fr: ticketingMessage('ticketing.invalid', { details: messages.map((m) => m.fr).join(' ') }).fr,
      en: ticketingMessage('ticketing.invalid', { details: messages.map((m) => m.en).join(' ') }).en,
    },
  );
}

export const ticketTypeNotFound = () => new NotFoundError(ticketingMessage('ticketing.ticketType'));
export const eventNotFound = () => new NotFoundError(ticketingMessage('ticketing.event'));
export const holdNotFound = () => new NotFoundError(ticketingMessage('ticketing.hold'));

/** Someone saved the category after this organizer loaded it: nothing was written. */
export class TicketTypeChangedError extends ConflictError {
  constructor() {
    super('ticket_type_changed_meanwhile', ticketingMessage('ticketing.changedMeanwhile'));
  }
}

export class TicketTypeWithdrawnError extends ConflictError {
  constructor() {
    super('ticket_type_withdrawn', ticketingMessage('ticketing.withdrawn'));
  }
}

/** The new quantity is below what is already sold or held: nothing was written. */
export class QuantityBelowTakenError extends ConflictError {
  constructor(readonly taken: number) {
    super('quantity_below_taken', ticketingMessage('ticketing.rule.belowTaken', { taken }));
  }
}

/** TIX-06, TIX-09: not enough seats left in a category; nothing was held. */
export class SoldOutError extends ConflictError {
  constructor(
    readonly ticketTypeId: string,
    readonly remaining: number,
    name: string,
  ) {
    super('sold_out', ticketingMessage('ticketing.soldOut', { name, remaining }));
  }
}

/** TIX-03: the category's sales have not started, or it is withdrawn. */
export class NotOnSaleError extends DomainError {
  constructor(
    readonly ticketTypeId: string,
    name: string,
  ) {
    super('not_on_sale', ticketingMessage('ticketing.notOnSale', { name }), { status: 409 });
  }
}

/** TIX-03, TIX-06: more tickets of a category than one person may take. */
export class PerPersonLimitError extends DomainError {
  constructor(
    readonly ticketTypeId: string,
    max: number,
    name: string,
  ) {
    super('per_person_limit', ticketingMessage('ticketing.perPersonMax', { max, name }), { status: 400 });
  }
}

export class TooManyTicketsError extends DomainError {
  constructor(max: number) {
    super('too_many_tickets', ticketingMessage('ticketing.tooManyTickets', { max }), { status: 400 });
  }
}

/** TIX-09: the hold was released (expired and swept) before it could be converted. */
export class HoldReleasedError extends ConflictError {
  constructor(readonly holdId: string) {
    super('hold_released', ticketingMessage('ticketing.holdExpired'));
  }
}

/** The hold id is already used by another subject. */
export class HoldTakenError extends ConflictError {
  constructor() {
    super('hold_taken', ticketingMessage('ticketing.holdTaken'));
  }
}

/**
 * A condition of the caller's own items (`extraWrites`) refused the transaction: nothing was
 * held. `refused` gives the positions, among the caller's items, of those that were refused.
 */
export class HoldCommitRefusedError extends ConflictError {
  constructor(readonly refused: { index: number; code: string }[]) {
    super('hold_commit_refused', ticketingMessage('ticketing.holdRefused'));
  }
}

/** Transaction conflicts went on after every retry: the buyer may simply try again (409, shown). */
export class InventoryBusyError extends DomainError {
  constructor(cause?: unknown) {
    super('inventory_busy', ticketingMessage('ticketing.busy'), { status: 409, cause });
  }
}

/** Someone saved the event's ticketing settings after this organizer loaded them: nothing was written. */
export class TicketingSettingsChangedError extends ConflictError {
  constructor() {
    super('ticketing_settings_changed', ticketingMessage('ticketing.settings.changedMeanwhile'));
  }
}

/** Refused settings (TIX-06): every broken rule said in French and English. */
export function ticketingSettingsInvalid(issues: TicketTypeIssue[]): ValidationError {
  const messages = issues.map((issue) => ticketingMessage(issue.key, issue.params));
  const details = (locale: 'fr' | 'en') => [...new Set(messages.map((m) => m[locale]))].join(' ');
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path, message: issue.key })),
    {
      fr: ticketingMessage('ticketing.settings.invalid', { details: details('fr') }).fr,
      en: ticketingMessage('ticketing.settings.invalid', { details: details('en') }).en,
    },
  );
}

/** The event kept changing under every attempt to set its ticketing flag: the organizer may retry. */
export class EventBusyError extends ConflictError {
  constructor() {
    super('event_busy', ticketingMessage('ticketing.settings.busy'));
  }
}

/** TIX-08: refused pass fields, every broken rule said in French and English. */
export function passInvalid(issues: TicketTypeIssue[]): ValidationError {
  const messages = issues.map((issue) => ticketingMessage(issue.key, issue.params));
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path, message: issue.key })),
    {
      fr: ticketingMessage('ticketing.pass.invalid', { details: messages.map((m) => m.fr).join(' ') }).fr,
      en: ticketingMessage('ticketing.pass.invalid', { details: messages.map((m) => m.en).join(' ') }).en,
    },
  );
}

export const passNotFound = () => new NotFoundError(ticketingMessage('ticketing.pass'));

/** Someone saved the pass after this staff member loaded it: nothing was written. */
export class PassChangedError extends ConflictError {
  constructor() {
    super('pass_changed_meanwhile', ticketingMessage('ticketing.pass.changedMeanwhile'));
  }
}

/** TIX-08: a draft or withdrawn pass, or one outside its sales period. */
export class PassNotSellingError extends ConflictError {
  constructor() {
    super('pass_not_selling', ticketingMessage('ticketing.pass.notSelling'));
  }
}

/** TIX-08: passes × events would issue more tickets than one confirmation can write. */
export class TooManyAdmissionsError extends DomainError {
  constructor(
    readonly max: number,
    readonly events: number,
  ) {
    const passes = Math.max(1, Math.floor(max / Math.max(1, events)));
    super(
      'too_many_admissions',
      ticketingMessage('ticketing.pass.tooManyAdmissions', { max, events, passes }),
      {
        status: 422,
      },
    );
  }
}
