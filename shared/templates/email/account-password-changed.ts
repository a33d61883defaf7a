import * as z from 'zod/mini';
import {
  dateTimePlaceholder,
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  type PlaceholderSpec,
  salutationField,
  timeZoneField,
} from './define-template';

/** ROLE-02: a security notice after a password change, so an account taken over does not go unseen. */
export const accountPasswordChangedData = z.object({
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  /** When it changed (ISO-8601 UTC), shown in `timeZone`. */
  changedAt: z.iso.datetime(),
  /** The owner's zone (IANA); the school's, America/Toronto, when unknown. */
  timeZone: timeZoneField(),
  /** The "forgotten password" page, to take the account back. */
  forgotPasswordUrl: linkField(),
});

type Data = z.output<typeof accountPasswordChangedData>;

const placeholders: Record<string, PlaceholderSpec<Data>> = {
  ...greetingPlaceholders<Data>(),
  date_changement: dateTimePlaceholder<Data>(
    {
      fr: 'Date et heure du changement (ex. « 14 mars 2026 à 20 h 30 »).',
      en: 'Date and time of the change (e.g. “March 14, 2026 at 8:30 p.m.”).',
    },
    (data) => ({ iso: data.changedAt, timeZone: data.timeZone }),
  ),
  lien_mot_de_passe_oublie: link(
    {
      fr: 'Lien vers la page « Mot de passe oublié » (obligatoire).',
      en: 'Link to the “Forgotten password” page (required).',
    },
    { fr: 'Choisir un nouveau mot de passe', en: 'Choose a new password' },
    (data) => data.forgotPasswordUrl,
    { required: true },
  ),
};

export const accountPasswordChanged = defineTemplate({
  name: { fr: 'Mot de passe changé', en: 'Password changed' },
  purpose: {
    fr: 'Avis de sécurité envoyé après chaque changement de mot de passe.',
    en: 'Security notice sent after every password change.',
  },
  data: accountPasswordChangedData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Votre mot de passe a été changé',
      body: `{cher} {prenom_client},

Le mot de passe de votre dossier a été changé le {date_changement}.

Si c’est vous, vous n’avez rien d’autre à faire.

Si ce n’est pas vous, choisissez immédiatement un nouveau mot de passe, puis communiquez avec nous.

{lien_mot_de_passe_oublie|Choisir un nouveau mot de passe}`,
    },
    en: {
      subject: 'Your password was changed',
      body: `{cher} {prenom_client},

On {date_changement}, the password of your file was changed.

If this was you, there is nothing else to do.

If this was not you, choose a new password right away, then contact us.

{lien_mot_de_passe_oublie|Choose a new password}`,
    },
  },
  sample: {
    firstName: 'Amélie',
    salutation: 'f',
    changedAt: '2026-03-14T23:30:00.000Z',
    timeZone: 'America/Toronto',
    forgotPasswordUrl: 'https://parvis.example/compte/mot-de-passe-oublie',
  },
});
