import * as z from 'zod/mini';
import {
  defineTemplate,
  expiryPlaceholder,
  link,
  linkField,
  type PlaceholderSpec,
  validForHoursField,
} from './define-template';

/**
 * ORG-01, ORG-08, ROLE-04/05: someone was given a role (organization member, chat moderator,
 * trainer, staff) and has no account yet: the link activates it and lets them choose a password.
 * Also sent again by "Mot de passe oublié ?" to an account that was never activated.
 */
export const memberInvitationData = z.object({
  displayName: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
  /** The organization's name, or "Parvis" for the platform's own roles. */
  organizationName: z.string().check(z.trim(), z.minLength(1), z.maxLength(150)),
  role: z.enum(['organisme', 'moderator', 'trainer', 'staff', 'client']),
  activationUrl: linkField(),
  validForHours: validForHoursField(),
});

type Data = z.output<typeof memberInvitationData>;

const roleNames: Record<Data['role'], { fr: string; en: string }> = {
  organisme: { fr: 'Organisme', en: 'Organization' },
  moderator: { fr: 'Modérateur de clavardage', en: 'Chat moderator' },
  trainer: { fr: 'Formateur', en: 'Trainer' },
  staff: { fr: 'Personnel', en: 'Staff' },
  client: { fr: 'Client', en: 'Client' },
};

const placeholders: Record<string, PlaceholderSpec<Data>> = {
  nom_utilisateur: {
    kind: 'text',
    description: { fr: 'Nom de la personne invitée.', en: 'Name of the person invited.' },
    value: (data) => data.displayName,
  },
  nom_organisme: {
    kind: 'text',
    description: { fr: 'Nom de l’organisme (ou Parvis).', en: 'Name of the organization (or Parvis).' },
    value: (data) => data.organizationName,
  },
  role: {
    kind: 'text',
    description: { fr: 'Rôle donné à la personne.', en: 'Role given to the person.' },
    value: (data, locale) => roleNames[data.role][locale],
  },
  lien_activation: link(
    {
      fr: 'Lien pour activer le compte et choisir un mot de passe (obligatoire).',
      en: 'Link to activate the account and choose a password (required).',
    },
    { fr: 'Activer mon compte', en: 'Activate my account' },
    (data) => data.activationUrl,
    { required: true },
  ),
  delai_expiration: expiryPlaceholder<Data>(),
};

export const memberInvitation = defineTemplate({
  name: { fr: 'Invitation d’un utilisateur', en: 'User invitation' },
  purpose: {
    fr: 'Envoyé à une personne à qui un rôle est donné (organisme, modérateur, formateur, personnel) et qui n’a pas encore de compte.',
    en: 'Sent to a person given a role (organization, moderator, trainer, staff) who has no account yet.',
  },
  data: memberInvitationData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Votre accès à Parvis pour {nom_organisme}',
      body: `Bonjour {nom_utilisateur},

Un compte Parvis a été créé pour vous avec le rôle « {role} » pour {nom_organisme}.

Pour l’activer, cliquez sur le lien ci-dessous et choisissez votre mot de passe.

{lien_activation|Activer mon compte}

Ce lien est valide pendant {delai_expiration} et ne peut servir qu’une seule fois.

Si vous ne vous attendiez pas à ce courriel, vous pouvez l’ignorer : aucun compte ne sera activé sans vous.`,
    },
    en: {
      subject: 'Your Parvis access for {nom_organisme}',
      body: `Hello {nom_utilisateur},

A Parvis account was created for you with the role “{role}” for {nom_organisme}.

To activate it, click the link below and choose your password.

{lien_activation|Activate my account}

This link works for {delai_expiration} and only once.

If you did not expect this e-mail, you can ignore it: no account is activated without you.`,
    },
  },
  sample: {
    displayName: 'Hélène Tremblay',
    organizationName: 'Théâtre du Vieux-Port',
    role: 'organisme',
    activationUrl: 'https://parvis.example/fr/compte/activer?jeton=exemple',
    validForHours: 336,
  },
});
