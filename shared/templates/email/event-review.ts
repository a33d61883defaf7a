import * as z from 'zod/mini';
import {
  dateTimePlaceholder,
  defineTemplate,
  link,
  linkField,
  type PlaceholderSpec,
  timeZoneField,
} from './define-template';

/**
 * ORG-07: the approval conversation by e-mail. An organization submits an event (staff are told),
 * staff approve it (the organizer is told it is online) or send it back with a note (the
 * organizer is told what to change). The note is the staff's or organizer's own text.
 */
const name = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(254));

export const eventReviewData = z.object({
  /** The person written to. */
  displayName: name(),
  eventTitle: z.string().check(z.trim(), z.minLength(1), z.maxLength(150)),
  organizationName: z.string().check(z.trim(), z.minLength(1), z.maxLength(150)),
  /** The event's first date (ISO-8601 UTC), shown in `timeZone`. */
  startsAt: z.iso.datetime(),
  timeZone: timeZoneField(),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  /** Where the reader acts: the approval queue for staff, the event form or sheet for organizers. */
  actionUrl: linkField(),
});

type Data = z.output<typeof eventReviewData>;

const common = (
  label: { fr: string; en: string },
  what: { fr: string; en: string },
): Record<string, PlaceholderSpec<Data>> => ({
  nom_utilisateur: {
    kind: 'text',
    description: {
      fr: 'Nom de la personne à qui le courriel est envoyé.',
      en: 'Name of the person written to.',
    },
    value: (data) => data.displayName,
  },
  titre_evenement: {
    kind: 'text',
    description: { fr: 'Titre de l’événement.', en: 'Title of the event.' },
    value: (data) => data.eventTitle,
  },
  nom_organisme: {
    kind: 'text',
    description: { fr: 'Organisme qui a créé l’événement.', en: 'Organization that created the event.' },
    value: (data) => data.organizationName,
  },
  date_evenement: dateTimePlaceholder<Data>(
    { fr: 'Date et heure de début de l’événement.', en: 'Start date and time of the event.' },
    (data) => ({ iso: data.startsAt, timeZone: data.timeZone }),
  ),
  note: {
    kind: 'text',
    description: {
      fr: 'La note laissée avec la demande ; le paragraphe est omis s’il n’y en a pas.',
      en: 'The note left with the request; its paragraph is left out when there is none.',
    },
    value: (data) => (data.note ? data.note : undefined),
  },
  lien_action: link(what, label, (data) => data.actionUrl, { required: true }),
});

export const eventSubmitted = defineTemplate({
  name: { fr: 'Événement à approuver', en: 'Event to approve' },
  purpose: {
    fr: 'Envoyé à l’équipe quand un organisme soumet un événement pour approbation.',
    en: 'Sent to staff when an organization submits an event for approval.',
  },
  data: eventReviewData,
  placeholders: common(
    { fr: 'Voir les événements à approuver', en: 'See the events to approve' },
    { fr: 'Lien vers la file d’approbation (obligatoire).', en: 'Link to the approval queue (required).' },
  ),
  defaults: {
    fr: {
      subject: 'À approuver : {titre_evenement}',
      body: `Bonjour {nom_utilisateur},

{nom_organisme} vient de soumettre « {titre_evenement} » ({date_evenement}) pour approbation.

Note de l’organisme : {note}

{lien_action|Voir les événements à approuver}

On s’assure ensemble que tout est tiguidou, puis on le met en ligne!`,
    },
    en: {
      subject: 'To approve: {titre_evenement}',
      body: `Hello {nom_utilisateur},

{nom_organisme} just submitted “{titre_evenement}” ({date_evenement}) for approval.

Note from the organization: {note}

{lien_action|See the events to approve}

Let’s make sure everything is just right, then put it online!`,
    },
  },
  sample: {
    displayName: 'Équipe Parvis',
    eventTitle: 'Carmen | Opéra de Montréal',
    organizationName: 'Spect’Art Rimouski',
    startsAt: '2026-12-13T00:30:00.000Z',
    note: 'Merci de vérifier le prix des billets étudiants.',
    actionUrl: 'https://parvis.example/fr/console/evenements/a-approuver',
  },
});

export const eventApproved = defineTemplate({
  name: { fr: 'Événement approuvé', en: 'Event approved' },
  purpose: {
    fr: 'Envoyé à l’organisme quand l’équipe approuve son événement et le met en ligne.',
    en: 'Sent to the organization when staff approve its event and put it online.',
  },
  data: eventReviewData,
  placeholders: common(
    { fr: 'Voir la fiche de l’événement', en: 'See the event page' },
    {
      fr: 'Lien vers la fiche publique de l’événement (obligatoire).',
      en: 'Link to the event’s public page (required).',
    },
  ),
  defaults: {
    fr: {
      subject: 'Votre événement est en ligne : {titre_evenement}',
      body: `Bonjour {nom_utilisateur},

Bonne nouvelle! L’équipe a approuvé « {titre_evenement} » ({date_evenement}) : il est maintenant en ligne dans le calendrier culturel.

Note de l’équipe : {note}

{lien_action|Voir la fiche de l’événement}

Vous pouvez désormais le modifier vous-même, de façon autonome, à partir de votre portail organisme.`,
    },
    en: {
      subject: 'Your event is online: {titre_evenement}',
      body: `Hello {nom_utilisateur},

Good news! The team approved “{titre_evenement}” ({date_evenement}): it is now online in the cultural calendar.

Note from the team: {note}

{lien_action|See the event page}

From now on you can edit it yourself, from your organization portal.`,
    },
  },
  sample: {
    displayName: 'Hélène Tremblay',
    eventTitle: 'Carmen | Opéra de Montréal',
    organizationName: 'Spect’Art Rimouski',
    startsAt: '2026-12-13T00:30:00.000Z',
    actionUrl: 'https://parvis.example/fr/evenements/carmen-opera-de-montreal',
  },
});

export const eventSentBack = defineTemplate({
  name: { fr: 'Événement à revoir', en: 'Event sent back' },
  purpose: {
    fr: 'Envoyé à l’organisme quand l’équipe lui renvoie son événement avec une note avant de le mettre en ligne.',
    en: 'Sent to the organization when staff send its event back with a note before putting it online.',
  },
  data: eventReviewData,
  placeholders: common(
    { fr: 'Modifier l’événement', en: 'Edit the event' },
    { fr: 'Lien vers le formulaire de l’événement (obligatoire).', en: 'Link to the event form (required).' },
  ),
  defaults: {
    fr: {
      subject: 'Quelques changements avant la mise en ligne : {titre_evenement}',
      body: `Bonjour {nom_utilisateur},

L’équipe a regardé « {titre_evenement} » ({date_evenement}) et vous le renvoie avec une note avant de le mettre en ligne.

Note de l’équipe : {note}

{lien_action|Modifier l’événement}

Une fois les changements faits, soumettez-le à nouveau. Besoin d’un coup de main? Écrivez-nous, il nous fera plaisir de vous aider!`,
    },
    en: {
      subject: 'A few changes before going online: {titre_evenement}',
      body: `Hello {nom_utilisateur},

The team looked at “{titre_evenement}” ({date_evenement}) and is sending it back with a note before putting it online.

Note from the team: {note}

{lien_action|Edit the event}

Once the changes are made, submit it again. Need a hand? Write to us, we will be glad to help!`,
    },
  },
  sample: {
    displayName: 'Hélène Tremblay',
    eventTitle: 'Carmen | Opéra de Montréal',
    organizationName: 'Spect’Art Rimouski',
    startsAt: '2026-12-13T00:30:00.000Z',
    note: 'Pourriez-vous ajouter le lien de la billetterie et une image sans texte?',
    actionUrl: 'https://parvis.example/fr/organisme/evenements/01J9Z/modifier',
  },
});
