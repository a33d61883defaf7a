import * as z from 'zod/mini';
import { formatMoney } from '../i18n/format';
import {
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
  orderLineText,
  ownWords,
  phrase,
  shortText,
} from './order-parts';

/**
 * TIX-10: the confirmation of an order or a free registration, sent with the PDF receipt and the
 * PDF tickets attached (decision 0018). It says what was bought, where and when, how to get in
 * (QR codes, tickets picked up on site — TIX-04 —, or access codes for an online event — TIX-13 —
 * with the « Assistance technique » link), the organizer's message on the receipt (TIX-06), the
 * link to the buyer's order page and, for a free registration, the one-step cancellation (TIX-11).
 */
export const orderConfirmationData = z
  .object({
    ...eventFields,
    /** The buyer's first name for the greeting; the greeting reads « Bonjour, » without it. */
    firstName: z.optional(firstNameField()),
    salutation: salutationField(),
    /** The buyer's full name, as on the receipt. */
    buyerName: shortText(200),
    orderNumber: shortText(40),
    /** A free registration (every category free, TIX-02): « Votre inscription est confirmée ». */
    registration: z.boolean(),
    currency: currencyField(),
    lines: z.array(orderLineField()).check(z.minLength(1), z.maxLength(50)),
    /** The order's taxes by name (« TPS », « TVQ »), the sums of its lines'. */
    taxes: z._default(
      z.array(z.object({ label: shortText(40), amountCents: moneyField() })).check(z.maxLength(5)),
      [],
    ),
    totalCents: moneyField(),
    /** TIX-04: « Je souhaite récupérer mes billets sur place ». */
    pickUpOnSite: z._default(z.boolean(), false),
    /** Whether the PDF tickets are attached (the receipt always is). */
    ticketsAttached: z._default(z.boolean(), true),
    /** TIX-06: the organizer's message on the receipt, plain text. */
    customMessage: messageField(),
    /** TIX-13: an online event: access codes (or an open link) replace the QR codes. */
    online: z._default(z.boolean(), false),
    /** One per ticket, for an online event with codes. */
    accessCodes: z._default(
      z.array(z.object({ label: shortText(120), code: shortText(64) })).check(z.maxLength(50)),
      [],
    ),
    /** The direct link to the broadcast (online events). */
    broadcastUrl: z.optional(linkField()),
    /** « Assistance technique »: where the buyer asks staff and the organizer for help (online events). */
    helpUrl: z.optional(linkField()),
    /** The buyer's order page. */
    orderUrl: linkField(),
    /** TIX-11: the one-step cancellation of a free registration; never for a paid order. */
    cancelUrl: z.optional(linkField()),
  })
  .check(
    z.refine((data) => !data.cancelUrl || data.registration, {
      message: 'only a free registration has a cancellation link',
      path: ['cancelUrl'],
    }),
    z.refine(
      (data) => data.online || (data.accessCodes.length === 0 && !data.broadcastUrl && !data.helpUrl),
      {
        message: 'access codes, broadcast and help links belong to an online event',
        path: ['online'],
      },
    ),
  );

export type OrderConfirmationData = z.input<typeof orderConfirmationData>;
type Data = z.output<typeof orderConfirmationData>;

export const orderConfirmation = defineTemplate({
  name: { fr: 'Confirmation de commande ou d’inscription', en: 'Order or registration confirmation' },
  purpose: {
    fr: 'Envoyé à l’acheteur quand sa commande est payée ou son inscription gratuite enregistrée, avec le reçu et les billets en PDF.',
    en: 'Sent to the buyer when the order is paid or the free registration recorded, with the receipt and tickets as PDF files.',
  },
  data: orderConfirmationData,
  placeholders: {
    ...greetingPlaceholders<Data>(),
    ...eventPlaceholders<Data>(),
    confirmation: phrase<Data>(
      {
        fr: '« Votre inscription est confirmée » (inscription gratuite) ou « Merci pour votre achat ».',
        en: '“Your registration is confirmed” (free registration) or “Thank you for your purchase”.',
      },
      (data, locale) =>
        data.registration
          ? { fr: 'Votre inscription est confirmée', en: 'Your registration is confirmed' }[locale]
          : { fr: 'Merci pour votre achat', en: 'Thank you for your purchase' }[locale],
    ),
    nom_acheteur: {
      kind: 'text',
      description: { fr: 'Nom de l’acheteur.', en: 'Name of the buyer.' },
      value: (data) => data.buyerName,
    },
    numero_commande: {
      kind: 'text',
      description: { fr: 'Numéro de la commande.', en: 'Order number.' },
      value: (data) => data.orderNumber,
    },
    lignes_commande: {
      kind: 'text',
      multiline: true,
      description: {
        fr: 'Les lignes de la commande, une par ligne : quantité, catégorie, prix unitaire, taxes.',
        en: 'The order’s lines, one per line: quantity, category, unit price, taxes.',
      },
      value: (data, locale) =>
        data.lines.map((line) => orderLineText(line, data.currency, locale)).join('\n'),
    },
    taxes: phrase<Data>(
      {
        fr: 'Les taxes par nom (TPS, TVQ) ; le paragraphe est omis sans taxes.',
        en: 'The taxes by name (GST, QST); its paragraph is left out without taxes.',
      },
      (data, locale) => {
        const taxes = data.taxes.filter((tax) => tax.amountCents > 0);
        if (taxes.length === 0) return undefined;
        return taxes
          .map((tax) => `${tax.label} ${formatMoney(tax.amountCents, data.currency, locale)}`)
          .join(' · ');
      },
    ),
    total: money<Data>(
      {
        fr: 'Total payé ; le paragraphe est omis pour une inscription gratuite.',
        en: 'Total paid; its paragraph is left out for a free registration.',
      },
      (data) => (data.registration && data.totalCents === 0 ? undefined : data.totalCents),
    ),
    consignes_billets: phrase<Data>(
      {
        fr: 'Comment entrer : code QR de chaque billet, billets à récupérer sur place, ou code d’accès d’un événement en ligne.',
        en: 'How to get in: each ticket’s QR code, tickets picked up on site, or an online event’s access code.',
      },
      (data, locale) => {
        if (data.online) {
          return data.accessCodes.length > 0
            ? {
                fr: 'Cet événement est en ligne : votre code d’accès remplace le code QR. Copiez-le dans le champ « Code d’accès » de la page de la diffusion.',
                en: 'This event is online: your access code replaces the QR code. Paste it into the “Access code” field of the broadcast page.',
              }[locale]
            : {
                fr: 'Cet événement est en ligne : la diffusion est accessible par le lien ci-dessous.',
                en: 'This event is online: the broadcast is open through the link below.',
              }[locale];
        }
        if (data.pickUpOnSite) {
          return {
            fr: 'Vous avez choisi de récupérer vos billets sur place : présentez-vous à l’accueil avant l’événement avec votre numéro de commande.',
            en: 'You chose to pick up your tickets on site: come to the front desk before the event with your order number.',
          }[locale];
        }
        return {
          fr: 'À l’entrée, présentez le code QR de chaque billet, sur votre téléphone ou imprimé.',
          en: 'At the door, show each ticket’s QR code, on your phone or printed.',
        }[locale];
      },
    ),
    codes_acces: {
      kind: 'text',
      multiline: true,
      description: {
        fr: 'Les codes d’accès d’un événement en ligne, un par ligne ; le paragraphe est omis sinon.',
        en: 'An online event’s access codes, one per line; its paragraph is left out otherwise.',
      },
      value: (data, locale) =>
        data.accessCodes.length === 0
          ? undefined
          : data.accessCodes
              .map((access) => `${access.label}${locale === 'fr' ? ' : ' : ': '}${access.code}`)
              .join('\n'),
    },
    lien_diffusion: link<Data>(
      {
        fr: 'Lien direct vers la diffusion (événement en ligne).',
        en: 'Direct link to the broadcast (online event).',
      },
      { fr: 'Accéder à la diffusion', en: 'Open the broadcast' },
      (data) => data.broadcastUrl,
    ),
    lien_assistance: link<Data>(
      {
        fr: 'Lien « Assistance technique » : écrit à l’équipe et à l’organisme (événement en ligne).',
        en: '“Technical help” link: writes to staff and the organization (online event).',
      },
      { fr: 'Assistance technique', en: 'Technical help' },
      (data) => data.helpUrl,
    ),
    message_organisme: ownWords<Data>(
      {
        fr: 'Le message de l’organisme pour ses acheteurs ; le paragraphe est omis s’il n’y en a pas.',
        en: 'The organization’s message to its buyers; its paragraph is left out when there is none.',
      },
      (data) => data.customMessage,
    ),
    pieces_jointes: phrase<Data>(
      {
        fr: 'Ce qui est joint : le reçu, et les billets sauf s’ils sont à récupérer sur place.',
        en: 'What is attached: the receipt, and the tickets unless they are picked up on site.',
      },
      (data, locale) =>
        data.ticketsAttached
          ? {
              fr: 'Votre reçu et vos billets sont joints à ce courriel en format PDF.',
              en: 'Your receipt and your tickets are attached to this e-mail as PDF files.',
            }[locale]
          : {
              fr: 'Votre reçu est joint à ce courriel en format PDF.',
              en: 'Your receipt is attached to this e-mail as a PDF file.',
            }[locale],
    ),
    lien_commande: link<Data>(
      { fr: 'Lien vers la page de la commande (obligatoire).', en: 'Link to the order’s page (required).' },
      { fr: 'Voir ma commande', en: 'See my order' },
      (data) => data.orderUrl,
      { required: true },
    ),
    lien_annulation: link<Data>(
      {
        fr: 'Lien d’annulation en un clic d’une inscription gratuite ; le paragraphe est omis pour une commande payée.',
        en: 'One-click cancellation of a free registration; its paragraph is left out for a paid order.',
      },
      { fr: 'Annuler mon inscription', en: 'Cancel my registration' },
      (data) => data.cancelUrl,
    ),
  },
  defaults: {
    fr: {
      subject: '{confirmation} : {titre_evenement}',
      body: `{cher} {prenom_client},

{confirmation}! Voici le résumé de votre commande {numero_commande} auprès de {nom_organisme}.

{titre_evenement}
{dates_evenement}

Lieu : {lieu}

Au nom de : {nom_acheteur}
{lignes_commande}

Taxes : {taxes}

Total : {total}

{consignes_billets}

Vos codes d’accès :
{codes_acces}

{lien_diffusion|Accéder à la diffusion}

Un problème pour accéder à la diffusion? {lien_assistance|Assistance technique}

Message de {nom_organisme} :
{message_organisme}

{pieces_jointes}

{lien_commande|Voir ma commande}

Vous ne pourrez finalement pas venir? {lien_annulation|Annulez votre inscription} en un clic : votre place pourra profiter à quelqu’un d’autre.

Au plaisir de vous y voir!`,
    },
    en: {
      subject: '{confirmation}: {titre_evenement}',
      body: `{cher} {prenom_client},

{confirmation}! Here is the summary of your order {numero_commande} with {nom_organisme}.

{titre_evenement}
{dates_evenement}

Venue: {lieu}

In the name of: {nom_acheteur}
{lignes_commande}

Taxes: {taxes}

Total: {total}

{consignes_billets}

Your access codes:
{codes_acces}

{lien_diffusion|Open the broadcast}

Trouble getting into the broadcast? {lien_assistance|Technical help}

Message from {nom_organisme}:
{message_organisme}

{pieces_jointes}

{lien_commande|See my order}

Can’t make it after all? {lien_annulation|Cancel your registration} in one click: your seat can go to someone else.

See you there!`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Carmen | Opéra de Montréal',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z', endsAt: '2026-12-13T03:00:00.000Z' }],
    venue: { name: 'Salle Desjardins-TELUS', address: '25, rue Saint-Germain Ouest, Rimouski' },
    firstName: 'Amélie',
    salutation: 'f',
    buyerName: 'Amélie Tremblay',
    orderNumber: '2026-001042',
    registration: false,
    lines: [
      { category: 'Adulte', quantity: 2, unitPriceCents: 4500, taxCents: 1348 },
      { category: 'Étudiant', quantity: 1, unitPriceCents: 3000, taxCents: 449 },
    ],
    taxes: [
      { label: 'TPS', amountCents: 600 },
      { label: 'TVQ', amountCents: 1197 },
    ],
    totalCents: 13797,
    customMessage: 'Les portes ouvrent 45 minutes avant le spectacle.\nLe stationnement est gratuit.',
    orderUrl: 'https://parvis.example/fr/commandes/01JORDER?t=abc',
  },
});
