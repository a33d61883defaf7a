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
 * CRM-01: a file created by staff invites the client to activate it and choose a password (the
 * seed's « invitation au portail »). « Nouveau client ajouté manuellement » is the same letter,
 * sent again by hand when the first did not arrive, so staff can word the two apart.
 */
export const clientInvitationData = z.object({
  firstName: firstNameField(),
  salutation: salutationField(),
  /** The invitation link (shared/identity/account-tokens.ts, purpose `invitation`). */
  activationUrl: linkField(),
  /** A short video on activating a file; its paragraph is left out without it. */
  helpVideoUrl: z.optional(linkField()),
});

type InvitationData = z.output<typeof clientInvitationData>;

const placeholders: Record<string, PlaceholderSpec<InvitationData>> = {
  ...greetingPlaceholders<InvitationData>(),
  lien_activation: link(
    {
      fr: 'Lien pour activer le dossier et choisir un mot de passe (obligatoire).',
      en: 'Link to activate the file and choose a password (required).',
    },
    { fr: 'Accéder à mon dossier', en: 'Open my file' },
    (data) => data.activationUrl,
    { required: true },
  ),
  lien_video_aide: link(
    {
      fr: 'Lien vers une vidéo d’aide ; le paragraphe est omis s’il n’y en a pas.',
      en: 'Link to a help video; its paragraph is left out when there is none.',
    },
    { fr: 'voici une vidéo de quelques minutes qui vous aidera', en: 'here is a short video that will help' },
    (data) => data.helpVideoUrl,
  ),
};

const body = {
  fr: `{cher} {prenom_client},

Nous vous remercions pour votre intérêt envers notre école.

Nous avons créé votre nouveau dossier et maintenant il ne vous reste qu’à l’activer en y accédant et en choisissant un mot de passe.

{lien_activation|Accéder à mon dossier}

Si vous avez besoin d’aide pour le faire, {lien_video_aide|voici une vidéo de quelques minutes qui vous aidera}.

Conformément aux lois sur la protection des renseignements personnels (Loi 25, RGPD), vous devez nous indiquer votre accord ou désaccord à recevoir des informations de notre école par téléphone, par la poste et/ou par courriel. Lorsque vous vous connecterez à votre dossier la première fois, vous pourrez nous signaler vos préférences, et vous pourrez les changer par la suite, au besoin.

Nous vous suggérons d’ajouter le portail à vos favoris. Sachez aussi que vous pourrez accéder à votre dossier en cliquant sur «\u00a0Mon dossier\u00a0» tout en haut de toutes les pages de notre site web.

Nous vous souhaitons bon cheminement avec nous!`,
  en: `{cher} {prenom_client},

Thank you for your interest in our school.

We have created your new file: all that is left is to activate it by opening it and choosing a password.

{lien_activation|Open my file}

If you need help doing so, {lien_video_aide|here is a short video that will help}.

Under privacy law (Québec’s Law 25, the GDPR), you must tell us whether or not you agree to receive information from our school by phone, by mail and/or by e-mail. The first time you sign in to your file, you will be able to set these preferences, and you can change them later whenever you need to.

We suggest adding the portal to your bookmarks. You can also reach your file by clicking “My file” at the very top of every page of our website.

We wish you a good journey with us!`,
};

const sample = {
  firstName: 'Amélie',
  salutation: 'f',
  activationUrl: 'https://parvis.example/compte/activer?jeton=exemple',
  helpVideoUrl: 'https://parvis.example/aide/activer-mon-dossier',
} as const;

export const clientInvitation = defineTemplate({
  name: { fr: 'Invitation au portail', en: 'Invitation to the portal' },
  purpose: {
    fr: 'Envoyé quand l’équipe crée le dossier d’un client : il l’active en choisissant un mot de passe.',
    en: 'Sent when staff create a client’s file: the client activates it by choosing a password.',
  },
  data: clientInvitationData,
  placeholders,
  defaults: {
    fr: { subject: 'Votre dossier est prêt', body: body.fr },
    en: { subject: 'Your client file is ready', body: body.en },
  },
  sample,
});

export const clientManualInvitation = defineTemplate({
  name: { fr: 'Nouveau client ajouté manuellement', en: 'New client added manually' },
  purpose: {
    fr: 'Envoyé à la main depuis le dossier quand le client dit ne pas avoir reçu l’invitation.',
    en: 'Sent by hand from the file when the client says the invitation never arrived.',
  },
  data: clientInvitationData,
  placeholders,
  defaults: {
    fr: { subject: 'Activez votre dossier à notre école', body: body.fr },
    en: { subject: 'Activate your file with our school', body: body.en },
  },
  sample,
});
