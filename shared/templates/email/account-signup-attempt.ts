import * as z from 'zod/mini';
import {
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  type PlaceholderSpec,
  salutationField,
} from './define-template';

/**
 * CRM-03: someone tried to create a file with an address that already has one. The sign-up page
 * answers exactly as for a new file, and this letter goes to the address's owner only: it carries
 * nothing the person who tried typed (their name is never passed here, only the owner's own).
 */
export const accountSignupAttemptData = z.object({
  /** The OWNER's first name, from their file; never the name typed on the sign-up form. */
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  /** The log-in page. */
  fileUrl: linkField(),
  /** The "forgotten password" page (no token: anyone may ask there). */
  forgotPasswordUrl: linkField(),
});

type Data = z.output<typeof accountSignupAttemptData>;

const placeholders: Record<string, PlaceholderSpec<Data>> = {
  ...greetingPlaceholders<Data>(),
  lien_dossier: link(
    { fr: 'Lien vers la connexion au dossier (obligatoire).', en: 'Link to sign in to the file (required).' },
    { fr: 'Accéder à mon dossier', en: 'Open my file' },
    (data) => data.fileUrl,
    { required: true },
  ),
  lien_mot_de_passe_oublie: link(
    { fr: 'Lien vers la page « Mot de passe oublié ».', en: 'Link to the “Forgotten password” page.' },
    { fr: 'choisissez-en un nouveau ici', en: 'choose a new one here' },
    (data) => data.forgotPasswordUrl,
  ),
};

export const accountSignupAttempt = defineTemplate({
  name: { fr: 'Tentative de création d’un 2e dossier', en: 'Attempt to create a second file' },
  purpose: {
    fr: 'Envoyé au titulaire d’une adresse quand quelqu’un tente de créer un dossier avec elle.',
    en: 'Sent to an address’s owner when someone tries to create a file with it.',
  },
  data: accountSignupAttemptData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Vous avez déjà un dossier à notre école',
      body: `{cher} {prenom_client},

Quelqu’un, probablement vous, a tenté de créer un nouveau dossier à notre école avec cette adresse courriel. Comme vous avez déjà un dossier chez nous, aucun nouveau dossier n’a été créé.

Pour consulter votre dossier, connectez-vous avec votre adresse courriel et votre mot de passe.

{lien_dossier|Accéder à mon dossier}

Si vous avez oublié votre mot de passe, {lien_mot_de_passe_oublie|choisissez-en un nouveau ici}.

Si ce n’est pas vous, vous pouvez ignorer ce courriel\u00a0: votre dossier n’a pas été modifié.`,
    },
    en: {
      subject: 'You already have a file with our school',
      body: `{cher} {prenom_client},

Someone, probably you, tried to create a new file with our school using this e-mail address. Since you already have a file with us, no new file was created.

To see your file, sign in with your e-mail address and your password.

{lien_dossier|Open my file}

If you have forgotten your password, {lien_mot_de_passe_oublie|choose a new one here}.

If this was not you, you can ignore this e-mail: your file has not been changed.`,
    },
  },
  sample: {
    firstName: 'Amélie',
    salutation: 'f',
    fileUrl: 'https://parvis.example/compte/connexion',
    forgotPasswordUrl: 'https://parvis.example/compte/mot-de-passe-oublie',
  },
});
