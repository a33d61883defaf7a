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
import {
  currencyField,
  eventFields,
  eventPlaceholders,
  messageField,
  money,
  moneyField,
  orderLineField,
  ownWords,
  phrase,
  shortText,
} from './order-parts';

/**
 * TIX-11 and TIX-14: an order is cancelled. The buyer is told (a free registration cancelled, by
 * them in one step or by the organizer; or a paid order cancelled and refunded, with the amount),
 * and the organizer is told when a buyer cancels.
 */
export const orderCancelledData = z.object({
  ...eventFields,
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  orderNumber: shortText(40),
  /** A free registration, or a paid order. */
  registration: z.boolean(),
  /** Who cancelled: the buyer (TIX-11, one step) or the organizer (TIX-14, after a refund). */
  cancelledBy: z.enum(['buyer', 'organizer']),
  currency: currencyField(),
  /** What was refunded; absent or 0 for a free registration. */
  refundedCents: z.optional(moneyField()),
  /** The organizer's word to the buyer, if they left one. */
  note: messageField(),
  /** The buyer's order page. */
  orderUrl: linkField(),
});

export type OrderCancelledData = z.input<typeof orderCancelledData>;
type BuyerData = z.output<typeof orderCancelledData>;

const refunded = <D extends { currency: string; refundedCents?: number }>() =>
  money<D>(
    {
      fr: 'Montant remboursé ; le paragraphe est omis s’il n’y a rien à rembourser.',
      en: 'Amount refunded; its paragraph is left out when nothing is refunded.',
    },
    (data) => (data.refundedCents ? data.refundedCents : undefined),
  );

export const orderCancelled = defineTemplate({
  name: { fr: 'Annulation de commande ou d’inscription', en: 'Order or registration cancelled' },
  purpose: {
    fr: 'Envoyé à l’acheteur quand son inscription est annulée ou sa commande annulée et remboursée.',
    en: 'Sent to the buyer when the registration is cancelled or the order cancelled and refunded.',
  },
  data: orderCancelledData,
  placeholders: {
    ...greetingPlaceholders<BuyerData>(),
    ...eventPlaceholders<BuyerData>(),
    numero_commande: {
      kind: 'text',
      description: { fr: 'Numéro de la commande.', en: 'Order number.' },
      value: (data) => data.orderNumber,
    },
    annulation: phrase<BuyerData>(
      {
        fr: 'Ce qui est annulé et par qui : « Votre inscription est annulée », « L’organisme a annulé votre commande »…',
        en: 'What was cancelled and by whom: “Your registration is cancelled”, “The organization cancelled your order”…',
      },
      (data, locale) => {
        const what = data.registration ? 'registration' : 'order';
        const texts = {
          buyer: {
            registration: { fr: 'Votre inscription est annulée', en: 'Your registration is cancelled' },
            order: { fr: 'Votre commande est annulée', en: 'Your order is cancelled' },
          },
          organizer: {
            registration: {
              fr: 'L’organisme a annulé votre inscription',
              en: 'The organization cancelled your registration',
            },
            order: { fr: 'L’organisme a annulé votre commande', en: 'The organization cancelled your order' },
          },
        };
        return texts[data.cancelledBy][what][locale];
      },
    ),
    montant_rembourse: refunded<BuyerData>(),
    note: ownWords<BuyerData>(
      {
        fr: 'Le mot de l’organisme ; le paragraphe est omis s’il n’y en a pas.',
        en: 'The organization’s note; its paragraph is left out when there is none.',
      },
      (data) => data.note,
    ),
    lien_commande: link<BuyerData>(
      { fr: 'Lien vers la page de la commande (obligatoire).', en: 'Link to the order’s page (required).' },
      { fr: 'Voir ma commande', en: 'See my order' },
      (data) => data.orderUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: '{annulation} : {titre_evenement}',
      body: `{cher} {prenom_client},

{annulation} : {titre_evenement}, {date_evenement} (commande {numero_commande} auprès de {nom_organisme}).

Montant remboursé : {montant_rembourse}. Le remboursement paraîtra sur votre relevé d’ici quelques jours ouvrables, selon votre institution financière.

Message de {nom_organisme} :
{note}

{lien_commande|Voir ma commande}

Au plaisir de vous revoir bientôt!`,
    },
    en: {
      subject: '{annulation}: {titre_evenement}',
      body: `{cher} {prenom_client},

{annulation}: {titre_evenement}, {date_evenement} (order {numero_commande} with {nom_organisme}).

Amount refunded: {montant_rembourse}. The refund will show on your statement within a few business days, depending on your financial institution.

Message from {nom_organisme}:
{note}

{lien_commande|See my order}

We hope to see you again soon!`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Carmen | Opéra de Montréal',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z' }],
    firstName: 'Amélie',
    salutation: 'f',
    orderNumber: '2026-001042',
    registration: false,
    cancelledBy: 'organizer',
    refundedCents: 13797,
    note: 'La représentation est annulée pour cause de tempête. Toutes nos excuses.',
    orderUrl: 'https://parvis.example/fr/commandes/01JORDER?t=abc',
  },
});

export const orderCancelledOrganizerData = z.object({
  ...eventFields,
  /** The organization member written to. */
  displayName: shortText(254),
  buyerName: shortText(200),
  orderNumber: shortText(40),
  registration: z.boolean(),
  currency: currencyField(),
  /** What the buyer had: the seats now free again. */
  lines: z.array(orderLineField()).check(z.minLength(1), z.maxLength(50)),
  refundedCents: z.optional(moneyField()),
  cancelledAt: z.iso.datetime(),
  /** The order in the organization portal. */
  orderUrl: linkField(),
});

export type OrderCancelledOrganizerData = z.input<typeof orderCancelledOrganizerData>;
type OrganizerData = z.output<typeof orderCancelledOrganizerData>;

export const orderCancelledOrganizer = defineTemplate({
  name: { fr: 'Annulation signalée à l’organisme', en: 'Cancellation notice to the organization' },
  purpose: {
    fr: 'Envoyé à l’organisme quand un acheteur annule son inscription ou sa commande.',
    en: 'Sent to the organization when a buyer cancels their registration or order.',
  },
  data: orderCancelledOrganizerData,
  placeholders: {
    ...eventPlaceholders<OrganizerData>(),
    nom_utilisateur: {
      kind: 'text',
      description: {
        fr: 'Nom de la personne à qui le courriel est envoyé.',
        en: 'Name of the person written to.',
      },
      value: (data) => data.displayName,
    },
    nom_acheteur: {
      kind: 'text',
      description: { fr: 'Nom de l’acheteur qui a annulé.', en: 'Name of the buyer who cancelled.' },
      value: (data) => data.buyerName,
    },
    numero_commande: {
      kind: 'text',
      description: { fr: 'Numéro de la commande.', en: 'Order number.' },
      value: (data) => data.orderNumber,
    },
    ce_qui_est_annule: phrase<OrganizerData>(
      {
        fr: '« son inscription » ou « sa commande ».',
        en: '“their registration” or “their order”.',
      },
      (data, locale) =>
        data.registration
          ? { fr: 'son inscription', en: 'their registration' }[locale]
          : { fr: 'sa commande', en: 'their order' }[locale],
    ),
    places_liberees: {
      kind: 'text',
      multiline: true,
      description: {
        fr: 'Les places libérées, une catégorie par ligne (« 2 × Adulte »).',
        en: 'The seats freed, one category per line (“2 × Adult”).',
      },
      value: (data) => data.lines.map((line) => `${line.quantity} × ${line.category}`).join('\n'),
    },
    montant_rembourse: refunded<OrganizerData>(),
    date_annulation: dateTimePlaceholder<OrganizerData>(
      {
        fr: 'Quand l’annulation a été faite, à l’heure du lieu.',
        en: 'When it was cancelled, at the venue’s time.',
      },
      (data) => ({ iso: data.cancelledAt, timeZone: data.timeZone }),
    ),
    lien_commande: link<OrganizerData>(
      {
        fr: 'Lien vers la commande dans le portail de l’organisme (obligatoire).',
        en: 'Link to the order in the organization portal (required).',
      },
      { fr: 'Voir la commande', en: 'See the order' },
      (data) => data.orderUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Annulation : {nom_acheteur}, {titre_evenement}',
      body: `Bonjour {nom_utilisateur},

Le {date_annulation}, {nom_acheteur} a annulé {ce_qui_est_annule} (commande {numero_commande}) pour « {titre_evenement} » ({date_evenement}).

Places de nouveau disponibles :
{places_liberees}

Montant remboursé : {montant_rembourse}

{lien_commande|Voir la commande}`,
    },
    en: {
      subject: 'Cancellation: {nom_acheteur}, {titre_evenement}',
      body: `Hello {nom_utilisateur},

On {date_annulation}, {nom_acheteur} cancelled {ce_qui_est_annule} (order {numero_commande}) for “{titre_evenement}” ({date_evenement}).

Seats available again:
{places_liberees}

Amount refunded: {montant_rembourse}

{lien_commande|See the order}`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Conférence : le fleuve en hiver',
    dates: [{ startsAt: '2026-12-05T00:00:00.000Z' }],
    displayName: 'Julie Gagnon',
    buyerName: 'Marc Bélanger',
    orderNumber: '2026-001043',
    registration: true,
    lines: [{ category: 'Admission générale', quantity: 2, unitPriceCents: 0 }],
    cancelledAt: '2026-12-01T14:05:00.000Z',
    orderUrl: 'https://parvis.example/fr/organisme/commandes/01JORDER2',
  },
});
