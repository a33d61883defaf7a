import * as z from 'zod/mini';
import {
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  salutationField,
} from './define-template';
import { eventFields, eventPlaceholders, phrase, shortText } from './order-parts';

/**
 * TIX-15: the person joined the waiting list of a sold-out category; the e-mail confirms it, says
 * how an offer works, and carries the link to leave the list.
 */
export const waitlistJoinedData = z.object({
  ...eventFields,
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  category: shortText(120),
  /** Seats wanted. */
  quantity: z.int().check(z.minimum(1), z.maximum(100)),
  /** How long an offer is held, in hours. */
  offerHours: z.int().check(z.minimum(1), z.maximum(24 * 14)),
  /** The page to leave the list. */
  leaveUrl: linkField(),
});

export type WaitlistJoinedData = z.input<typeof waitlistJoinedData>;
type Data = z.output<typeof waitlistJoinedData>;

export const waitlistJoined = defineTemplate({
  name: { fr: 'Inscription sur la liste d’attente', en: 'Joined the waiting list' },
  purpose: {
    fr: 'Envoyé à la personne qui s’inscrit sur la liste d’attente d’une catégorie épuisée, avec le lien pour la quitter.',
    en: 'Sent to a person who joins the waiting list of a sold-out category, with the link to leave it.',
  },
  data: waitlistJoinedData,
  placeholders: {
    ...greetingPlaceholders<Data>(),
    ...eventPlaceholders<Data>(),
    categorie: {
      kind: 'text',
      description: { fr: 'Catégorie de billet.', en: 'Ticket category.' },
      value: (data) => data.category,
    },
    places: phrase<Data>(
      {
        fr: 'Le nombre de places demandées (« 1 place », « 2 places »).',
        en: 'The seats asked for (“1 seat”, “2 seats”).',
      },
      (data, locale) =>
        locale === 'fr'
          ? `${data.quantity} place${data.quantity > 1 ? 's' : ''}`
          : `${data.quantity} seat${data.quantity > 1 ? 's' : ''}`,
    ),
    delai_offre: phrase<Data>(
      {
        fr: 'Combien de temps une offre est réservée (« 24 heures »).',
        en: 'How long an offer is held (“24 hours”).',
      },
      (data, locale) =>
        `${data.offerHours} ${locale === 'fr' ? 'heure' : 'hour'}${data.offerHours > 1 ? 's' : ''}`,
    ),
    lien_quitter: link<Data>(
      {
        fr: 'Lien pour quitter la liste d’attente (obligatoire).',
        en: 'Link to leave the waiting list (required).',
      },
      { fr: 'Quitter la liste d’attente', en: 'Leave the waiting list' },
      (data) => data.leaveUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Liste d’attente : {titre_evenement}',
      body: `{cher} {prenom_client},

Vous êtes sur la liste d’attente de « {titre_evenement} » ({date_evenement}), présenté par {nom_organisme}, pour {places} en catégorie {categorie}.

Si des places se libèrent, elles sont offertes dans l’ordre d’inscription. Nous vous écrirons alors : les places vous seront réservées pendant {delai_offre}.

Vous ne souhaitez plus attendre ? {lien_quitter|Quitter la liste d’attente}`,
    },
    en: {
      subject: 'Waiting list: {titre_evenement}',
      body: `{cher} {prenom_client},

You are on the waiting list of “{titre_evenement}” ({date_evenement}), presented by {nom_organisme}, for {places} in the {categorie} category.

If seats free up, they are offered in the order people joined. We will then write to you: the seats will be held for you for {delai_offre}.

No longer want to wait? {lien_quitter|Leave the waiting list}`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Carmen | Opéra de Montréal',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z' }],
    firstName: 'Amélie',
    salutation: 'f',
    category: 'Adulte',
    quantity: 2,
    offerHours: 24,
    leaveUrl: 'https://parvis.example/fr/liste-attente/quitter/abc',
  },
});
