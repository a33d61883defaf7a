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

/** ROLE-02: a new e-mail verification link, asked for from the file (or after an address change). */
export const accountEmailVerificationData = z.object({
  /** The owner's first name when the account has a client file; "Bonjour," without it. */
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  /** shared/identity/account-tokens.ts, purpose `verify-email`. */
  verificationUrl: linkField(),
  validForHours: validForHoursField(),
});

type Data = z.output<typeof accountEmailVerificationData>;

const placeholders: Record<string, PlaceholderSpec<Data>> = {
  ...greetingPlaceholders<Data>(),
  lien_validation: link(
    {
      fr: 'Lien pour valider l’adresse courriel (obligatoire).',
      en: 'Link to confirm the e-mail address (required).',
    },
    { fr: 'Valider mon adresse courriel', en: 'Confirm my e-mail address' },
    (data) => data.verificationUrl,
    { required: true },
  ),
  delai_expiration: expiryPlaceholder<Data>(),
};

export const accountEmailVerification = defineTemplate({
  name: { fr: 'Validation de l’adresse courriel', en: 'E-mail address verification' },
  purpose: {
    fr: 'Envoyé quand une personne demande un nouveau lien de validation de son adresse courriel.',
    en: 'Sent when someone asks for a new link to confirm their e-mail address.',
  },
  data: accountEmailVerificationData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Validez votre adresse courriel',
      body: `{cher} {prenom_client},

Pour confirmer que cette adresse courriel est bien la vôtre, veuillez cliquer sur le lien ci-dessous.

{lien_validation|Valider mon adresse courriel}

Ce lien est valide pendant {delai_expiration}. S’il a expiré, vous pourrez en demander un nouveau depuis votre dossier.

Si vous n’avez pas demandé ce courriel, vous pouvez l’ignorer.`,
    },
    en: {
      subject: 'Confirm your e-mail address',
      body: `{cher} {prenom_client},

To confirm that this e-mail address is yours, please click the link below.

{lien_validation|Confirm my e-mail address}

This link works for {delai_expiration}. If it has expired, you can ask for a new one from your file.

If you did not ask for this e-mail, you can ignore it.`,
    },
  },
  sample: {
    firstName: 'Amélie',
    salutation: 'f',
    verificationUrl: 'https://parvis.example/compte/verifier?jeton=exemple',
    validForHours: 168,
  },
});
