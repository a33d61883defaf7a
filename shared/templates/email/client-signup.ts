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
 * CRM-01/CRM-03: a client created their own file (the seed's « Création d'un dossier par le
 * client »): welcome, and the link that proves the address is theirs.
 */
export const clientSignupData = z.object({
  firstName: firstNameField(),
  salutation: salutationField(),
  /** The verification link (shared/identity/account-tokens.ts, purpose `verify-email`). */
  verificationUrl: linkField(),
  /** The log-in page of the client's file. */
  fileUrl: linkField(),
  /** Newsletter subscription page; its paragraph is left out without it. */
  newsletterUrl: z.optional(linkField()),
});

type SignupData = z.output<typeof clientSignupData>;

const placeholders: Record<string, PlaceholderSpec<SignupData>> = {
  ...greetingPlaceholders<SignupData>(),
  lien_validation: link(
    {
      fr: 'Lien pour valider l’adresse courriel (obligatoire).',
      en: 'Link to confirm the e-mail address (required).',
    },
    { fr: 'Valider mon adresse courriel', en: 'Confirm my e-mail address' },
    (data) => data.verificationUrl,
    { required: true },
  ),
  lien_dossier: link(
    { fr: 'Lien vers la connexion au dossier.', en: 'Link to sign in to the file.' },
    { fr: 'Accéder à mon dossier', en: 'Open my file' },
    (data) => data.fileUrl,
  ),
  lien_infolettre: link(
    {
      fr: 'Lien d’abonnement à l’infolettre ; le paragraphe est omis s’il n’y en a pas.',
      en: 'Newsletter subscription link; its paragraph is left out when there is none.',
    },
    { fr: 'cliquez ici pour vous abonner', en: 'click here to subscribe' },
    (data) => data.newsletterUrl,
  ),
};

export const clientSignup = defineTemplate({
  name: { fr: 'Création d’un dossier par le client', en: 'File created by the client' },
  purpose: {
    fr: 'Envoyé quand un client crée lui-même son dossier : il valide son adresse courriel.',
    en: 'Sent when clients create their own file: they confirm their e-mail address.',
  },
  data: clientSignupData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Bienvenue\u00a0! Validez votre adresse courriel',
      body: `{cher} {prenom_client},

Nous vous remercions d’avoir créé votre dossier. Avec votre adresse courriel et votre mot de passe, vous pourrez en tout temps changer vos préférences de communication, vérifier l’exactitude de vos informations et même vous inscrire en ligne à nos ateliers et formations.

{lien_validation|Valider mon adresse courriel}

Veuillez garder en lieu sûr l’adresse courriel et le mot de passe que vous avez utilisés pour créer votre dossier. Lorsque vous voudrez consulter votre dossier, vous n’aurez qu’à visiter notre site web et cliquer sur «\u00a0Mon dossier\u00a0» dans le haut de toutes les pages, ou {lien_dossier|cliquer ici pour accéder à votre dossier}.

Nous vous suggérons également d’ajouter l’adresse d’où provient ce courriel à vos contacts afin que vous receviez nos futures communications.

Abonnez-vous gratuitement à notre infolettre mensuelle\u00a0: {lien_infolettre|cliquez ici pour vous abonner}.

Nous vous souhaitons bon cheminement avec nous!`,
    },
    en: {
      subject: 'Welcome! Please confirm your e-mail address',
      body: `{cher} {prenom_client},

Thank you for creating your file. With your e-mail address and your password, you can change your communication preferences at any time, check that your information is correct, and even register online for our workshops and training.

{lien_validation|Confirm my e-mail address}

Please keep the e-mail address and the password you used to create your file in a safe place. Whenever you want to see your file, just visit our website and click “My file” at the top of any page, or {lien_dossier|click here to open your file}.

We also suggest adding the address this e-mail came from to your contacts, so that you receive our future messages.

Subscribe to our monthly newsletter for free: {lien_infolettre|click here to subscribe}.

We wish you a good journey with us!`,
    },
  },
  sample: {
    firstName: 'Amélie',
    salutation: 'f',
    verificationUrl: 'https://parvis.example/compte/verifier?jeton=exemple',
    fileUrl: 'https://parvis.example/compte/connexion',
    newsletterUrl: 'https://parvis.example/infolettre',
  },
});
