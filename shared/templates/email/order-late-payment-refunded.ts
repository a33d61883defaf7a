import * as z from 'zod/mini';
import {
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  salutationField,
} from './define-template';
import { currencyField, eventFields, eventPlaceholders, money, moneyField, shortText } from './order-parts';

/**
 * TIX-09: the payment arrived after the seats' hold expired and the seats were sold to someone else
 * meanwhile: the payment is refunded in full and the buyer gets an apology and the event's page.
 */
export const orderLatePaymentRefundedData = z.object({
  ...eventFields,
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  orderNumber: shortText(40),
  currency: currencyField(),
  refundedCents: moneyField(),
  /** The event's public page: other dates or categories may still have seats. */
  eventUrl: linkField(),
});

export type OrderLatePaymentRefundedData = z.input<typeof orderLatePaymentRefundedData>;
type Data = z.output<typeof orderLatePaymentRefundedData>;

export const orderLatePaymentRefunded = defineTemplate({
  name: { fr: 'Paiement tardif remboursé', en: 'Late payment refunded' },
  purpose: {
    fr: 'Envoyé à l’acheteur dont le paiement est arrivé après l’expiration de la réservation de ses places, alors vendues : il est remboursé.',
    en: 'Sent to a buyer whose payment arrived after their seats’ hold expired and the seats were sold: they are refunded.',
  },
  data: orderLatePaymentRefundedData,
  placeholders: {
    ...greetingPlaceholders<Data>(),
    ...eventPlaceholders<Data>(),
    numero_commande: {
      kind: 'text',
      description: { fr: 'Numéro de la commande.', en: 'Order number.' },
      value: (data) => data.orderNumber,
    },
    montant_rembourse: money<Data>(
      { fr: 'Montant remboursé en entier.', en: 'Amount refunded in full.' },
      (data) => data.refundedCents,
    ),
    lien_evenement: link<Data>(
      { fr: 'Lien vers la page de l’événement (obligatoire).', en: 'Link to the event’s page (required).' },
      { fr: 'Voir l’événement', en: 'See the event' },
      (data) => data.eventUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Commande {numero_commande} remboursée : {titre_evenement}',
      body: `{cher} {prenom_client},

Nous sommes désolés : votre paiement pour « {titre_evenement} » ({date_evenement}) nous est parvenu après la fin du délai de réservation de vos places, et elles ont entre-temps été achetées par quelqu’un d’autre.

Nous vous avons remboursé {montant_rembourse} en entier (commande {numero_commande}). Le remboursement paraîtra sur votre relevé d’ici quelques jours ouvrables, selon votre institution financière.

Il reste peut-être des places à une autre date ou dans une autre catégorie :

{lien_evenement|Voir l’événement}

Toutes nos excuses pour ce contretemps.
{nom_organisme}`,
    },
    en: {
      subject: 'Order {numero_commande} refunded: {titre_evenement}',
      body: `{cher} {prenom_client},

We are sorry: your payment for “{titre_evenement}” ({date_evenement}) reached us after your seats’ hold had ended, and someone else bought them in the meantime.

We refunded {montant_rembourse} in full (order {numero_commande}). The refund will show on your statement within a few business days, depending on your financial institution.

There may still be seats on another date or in another category:

{lien_evenement|See the event}

Our apologies for the trouble.
{nom_organisme}`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Carmen | Opéra de Montréal',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z' }],
    firstName: 'Sam',
    salutation: 'm',
    orderNumber: '2026-001044',
    refundedCents: 9197,
    eventUrl: 'https://parvis.example/fr/evenements/carmen',
  },
});
