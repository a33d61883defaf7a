import * as z from 'zod/mini';
import { dateTimePlaceholder, defineTemplate, link, linkField } from './define-template';
import { eventFields, eventPlaceholders, messageField, ownWords, shortText } from './order-parts';

/**
 * TIX-13: the « Assistance technique » button next to the access-code field: one click writes to
 * the platform's staff and to the organization presenting the event, with the code the viewer
 * holds and the event, so they can help at once. The caller sets the viewer's address as the
 * Reply-To, so answering the mail answers the viewer.
 */
export const accessHelpData = z.object({
  ...eventFields,
  /** The staff or organization member written to. */
  displayName: shortText(254),
  viewerName: shortText(200),
  viewerEmail: z.email().check(z.maxLength(254)),
  /** The access code the viewer entered or holds (absent if they have none at hand). */
  accessCode: z.optional(shortText(64)),
  orderNumber: z.optional(shortText(40)),
  /** What the viewer wrote, if anything. */
  message: messageField(),
  requestedAt: z.iso.datetime(),
  /** Where the reader can act: the order (reset the code) in the portal or the console. */
  actionUrl: linkField(),
});

export type AccessHelpData = z.input<typeof accessHelpData>;
type Data = z.output<typeof accessHelpData>;

export const accessHelp = defineTemplate({
  name: { fr: 'Demande d’assistance technique', en: 'Technical help request' },
  purpose: {
    fr: 'Envoyé à l’équipe et à l’organisme quand un spectateur clique sur « Assistance technique » en demandant son code d’accès.',
    en: 'Sent to staff and the organization when a viewer clicks “Technical help” while entering their access code.',
  },
  data: accessHelpData,
  placeholders: {
    ...eventPlaceholders<Data>(),
    nom_utilisateur: {
      kind: 'text',
      description: {
        fr: 'Nom de la personne à qui le courriel est envoyé.',
        en: 'Name of the person written to.',
      },
      value: (data) => data.displayName,
    },
    nom_spectateur: {
      kind: 'text',
      description: {
        fr: 'Nom du spectateur qui demande de l’aide.',
        en: 'Name of the viewer asking for help.',
      },
      value: (data) => data.viewerName,
    },
    courriel_spectateur: {
      kind: 'text',
      description: { fr: 'Adresse courriel du spectateur.', en: 'The viewer’s e-mail address.' },
      value: (data) => data.viewerEmail,
    },
    code_acces: {
      kind: 'text',
      description: {
        fr: 'Le code d’accès du spectateur ; le paragraphe est omis s’il n’en a pas donné.',
        en: 'The viewer’s access code; its paragraph is left out when none was given.',
      },
      value: (data) => data.accessCode,
    },
    numero_commande: {
      kind: 'text',
      description: {
        fr: 'Numéro de la commande ; le paragraphe est omis s’il est inconnu.',
        en: 'Order number; its paragraph is left out when unknown.',
      },
      value: (data) => data.orderNumber,
    },
    message: ownWords<Data>(
      {
        fr: 'Ce que le spectateur a écrit ; le paragraphe est omis s’il n’a rien écrit.',
        en: 'What the viewer wrote; its paragraph is left out when they wrote nothing.',
      },
      (data) => data.message,
    ),
    date_demande: dateTimePlaceholder<Data>(
      {
        fr: 'Quand la demande a été faite, à l’heure du lieu.',
        en: 'When help was asked for, at the venue’s time.',
      },
      (data) => ({ iso: data.requestedAt, timeZone: data.timeZone }),
    ),
    lien_action: link<Data>(
      {
        fr: 'Lien vers la commande, pour vérifier ou réinitialiser le code (obligatoire).',
        en: 'Link to the order, to check or reset the code (required).',
      },
      { fr: 'Voir la commande', en: 'See the order' },
      (data) => data.actionUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Assistance technique : {titre_evenement}',
      body: `Bonjour {nom_utilisateur},

{nom_spectateur} ({courriel_spectateur}) demande de l’aide pour accéder à la diffusion de « {titre_evenement} » ({date_evenement}), présenté par {nom_organisme}.

Demande faite le {date_demande}

Code d’accès : {code_acces}

Commande : {numero_commande}

Son message :
{message}

Répondez à ce courriel pour lui écrire directement.

{lien_action|Voir la commande}`,
    },
    en: {
      subject: 'Technical help: {titre_evenement}',
      body: `Hello {nom_utilisateur},

{nom_spectateur} ({courriel_spectateur}) needs help getting into the broadcast of “{titre_evenement}” ({date_evenement}), presented by {nom_organisme}.

Asked on {date_demande}

Access code: {code_acces}

Order: {numero_commande}

Their message:
{message}

Reply to this e-mail to write to them directly.

{lien_action|See the order}`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Concert en ligne : Les Cowboys Fringants',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z' }],
    displayName: 'Équipe Parvis',
    viewerName: 'Amélie Tremblay',
    viewerEmail: 'amelie@example.org',
    accessCode: 'K7QF-2M9X',
    orderNumber: '2026-001045',
    message: 'Le code est refusé sur ma tablette.\nJe l’avais utilisé hier sur mon ordinateur.',
    requestedAt: '2026-12-13T00:41:00.000Z',
    actionUrl: 'https://parvis.example/fr/organisme/commandes/01JORDER5',
  },
});
