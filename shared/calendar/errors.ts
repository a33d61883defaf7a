import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';

/** The calendar's refusals, each with a message in French then English. */
export class StaffOnlyError extends DomainError {
  constructor(what: string) {
    super(
      'staff_only',
      {
        fr: `« ${what} » est réservé à l’équipe de la plateforme.`,
        en: `“${what}” is reserved to the platform team.`,
      },
      { status: 403 },
    );
  }
}

export class EventRuleError extends DomainError {
  constructor(code: string, fr: string, en: string) {
    super(code, { fr, en }, { status: 400 });
  }
}

/** Someone else saved the event after this editor loaded it: nothing was written. */
export class EventChangedMeanwhileError extends ConflictError {
  constructor() {
    super('event_changed_meanwhile', {
      fr: 'Quelqu’un d’autre a enregistré cet événement pendant que vous le modifiiez. Vos changements n’ont pas été enregistrés : rechargez l’événement pour voir sa nouvelle version, puis reportez vos modifications.',
      en: 'Someone else saved this event while you were editing it. Your changes were not saved: reload the event to see its new version, then apply your changes again.',
    });
  }
}

export class SlugTakenError extends ConflictError {
  constructor(slug: string) {
    super('slug_taken', {
      fr: `L’adresse « ${slug} » est déjà utilisée par un autre événement. Choisissez-en une autre.`,
      en: `The address “${slug}” is already used by another event. Choose another one.`,
    });
  }
}

export const eventNotFound = () => new NotFoundError({ fr: 'L’événement', en: 'The event' });
