import * as z from 'zod/mini';
import {
  defineTemplate,
  expiryPlaceholder,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  type PlaceholderSpec,
  salutationField,
  validForHoursField,
} from './define-template';

/** ROLE-02: the "forgotten password" link. */
export const accountPasswordResetData = z.object({
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  /** shared/identity/account-tokens.ts, purpose `reset-password`. */
  resetUrl: linkField(),
  validForHours: validForHoursField(),
});

type Data = z.output<typeof accountPasswordResetData>;

const placeholders: Record<string, PlaceholderSpec<Data>> = {
  ...greetingPlaceholders<Data>(),
  lien_reinitialisation: link(
    {
      fr: 'Lien pour choisir un nouveau mot de passe (obligatoire).',
      en: 'Link to choose a new password (required).',
    },
    { fr: 'Choisir un nouveau mot de passe', en: 'Choose a new password' },
    (data) => data.resetUrl,
    { required: true },
  ),
  delai_expiration: expiryPlaceholder<Data>(),
};

export const accountPasswordReset = defineTemplate({
  name: { fr: 'Mot de passe oublié', en: 'Forgotten password' },
  purpose: {
    fr: 'Envoyé quand une personne demande à choisir un nouveau mot de passe.',
    en: 'Sent when someone asks to choose a new password.',
  },
  data: accountPasswordResetData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Choisissez un nouveau mot de passe',
      body: `{cher} {prenom_client},

Nous avons reçu une demande pour choisir un nouveau mot de passe pour votre dossier. Pour le faire, cliquez sur le lien ci-dessous.

{lien_reinitialisation|Choisir un nouveau mot de passe}

Ce lien est valide pendant {delai_expiration} et ne peut servir qu’une seule fois.

Si vous n’avez pas fait cette demande, ignorez ce courriel\u00a0: votre mot de passe actuel reste inchangé.`,
    },
    en: {
      subject: 'Choose a new password',
      body: `{cher} {prenom_client},

We received a request to choose a new password for your file. To do so, click the link below.

{lien_reinitialisation|Choose a new password}

This link works for {delai_expiration} and only once.

If you did not make this request, ignore this e-mail: your current password stays as it is.`,
    },
  },
  sample: {
    firstName: 'Amélie',
    salutation: 'f',
    resetUrl: 'https://parvis.example/compte/nouveau-mot-de-passe?jeton=exemple',
    validForHours: 1,
  },
});
