import * as z from 'zod/mini';
import {
  dateTimePlaceholder,
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  salutationField,
} from './define-template';
import { eventFields, eventPlaceholders, phrase, shortText } from './order-parts';

/**
 * TIX-15: a seat of a category with a waiting list freed up and is held for the next person on
 * the list until a deadline; the link takes them to checkout with the held seats.
 */
export const waitlistOfferData = z.object({
  ...eventFields,
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  category: shortText(120),
  /** Seats held for this person. */
  quantity: z.int().check(z.minimum(1), z.maximum(100)),
  /** Until when the seats are held (ISO UTC), shown in the event's zone. */
  offerExpiresAt: z.iso.datetime(),
  /** Checkout with the held seats. */
  offerUrl: linkField(),
});

export type WaitlistOfferData = z.input<typeof waitlistOfferData>;
type Data = z.output<typeof waitlistOfferData>;

export const waitlistOffer = defineTemplate({
  name: { fr: 'Place libérée (liste d’attente)', en: 'Seat available (waiting list)' },
  purpose: {
    fr: 'Envoyé à la personne suivante sur la liste d’attente quand une place se libère : elle lui est réservée jusqu’à l’échéance.',
    en: 'Sent to the next person on the waiting list when a seat frees up: it is held for them until the deadline.',
  },
  data: waitlistOfferData,
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
        fr: 'Le nombre de places réservées (« 1 place », « 2 places »).',
        en: 'The seats held (“1 seat”, “2 seats”).',
      },
      (data, locale) =>
        locale === 'fr'
          ? `${data.quantity} place${data.quantity > 1 ? 's' : ''}`
          : `${data.quantity} seat${data.quantity > 1 ? 's' : ''}`,
    ),
    echeance: dateTimePlaceholder<Data>(
      {
        fr: 'Jusqu’à quand les places sont réservées, à l’heure du lieu.',
        en: 'Until when the seats are held, at the venue’s time.',
      },
      (data) => ({ iso: data.offerExpiresAt, timeZone: data.timeZone }),
    ),
    lien_offre: link<Data>(
      {
        fr: 'Lien pour acheter les places réservées (obligatoire).',
        en: 'Link to buy the seats held (required).',
      },
      { fr: 'Réserver ma place', en: 'Claim my seat' },
      (data) => data.offerUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Une place s’est libérée : {titre_evenement}',
      body: `{cher} {prenom_client},

Bonne nouvelle : une place s’est libérée pour « {titre_evenement} » ({date_evenement}), présenté par {nom_organisme}.

Nous vous réservons {places} en catégorie {categorie} jusqu’au {echeance} : passé ce délai, elles seront offertes à la personne suivante sur la liste d’attente.

{lien_offre|Réserver ma place}`,
    },
    en: {
      subject: 'A seat is available: {titre_evenement}',
      body: `{cher} {prenom_client},

Good news: a seat freed up for “{titre_evenement}” ({date_evenement}), presented by {nom_organisme}.

We are holding {places} in the {categorie} category for you until {echeance}: after that, they go to the next person on the waiting list.

{lien_offre|Claim my seat}`,
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
    offerExpiresAt: '2026-12-10T17:00:00.000Z',
    offerUrl: 'https://parvis.example/fr/liste-attente/01JOFFER?t=abc',
  },
});
