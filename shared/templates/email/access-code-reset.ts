import * as z from 'zod/mini';
import {
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  salutationField,
} from './define-template';
import { eventFields, eventPlaceholders, shortText } from './order-parts';

/**
 * TIX-13: the organizer created or reset a ticket's access code (« Réinitialiser », from the order):
 * the buyer gets the new code and the page to paste it into; the old code no longer works.
 */
export const accessCodeResetData = z.object({
  ...eventFields,
  firstName: z.optional(firstNameField()),
  salutation: salutationField(),
  orderNumber: shortText(40),
  /** The ticket category, to tell which ticket of the order it is. */
  ticketLabel: shortText(160),
  accessCode: shortText(64),
  /** The event's access page, where the code is pasted. */
  accessUrl: linkField(),
});

export type AccessCodeResetData = z.input<typeof accessCodeResetData>;
type Data = z.output<typeof accessCodeResetData>;

export const accessCodeReset = defineTemplate({
  name: { fr: 'Nouveau code d’accès', en: 'New access code' },
  purpose: {
    fr: 'Envoyé à l’acheteur quand l’organisme crée ou réinitialise le code d’accès d’un billet d’un événement en ligne.',
    en: 'Sent to the buyer when the organization creates or resets the access code of an online event’s ticket.',
  },
  data: accessCodeResetData,
  placeholders: {
    ...greetingPlaceholders<Data>(),
    ...eventPlaceholders<Data>(),
    numero_commande: {
      kind: 'text',
      description: { fr: 'Numéro de la commande.', en: 'Order number.' },
      value: (data) => data.orderNumber,
    },
    billet: {
      kind: 'text',
      description: { fr: 'Le billet (sa catégorie).', en: 'The ticket (its category).' },
      value: (data) => data.ticketLabel,
    },
    code_acces: {
      kind: 'text',
      description: { fr: 'Le nouveau code d’accès.', en: 'The new access code.' },
      value: (data) => data.accessCode,
    },
    lien_acces: link<Data>(
      {
        fr: 'Lien vers la page où entrer le code (obligatoire).',
        en: 'Link to the page where the code is entered (required).',
      },
      { fr: 'Accéder à la diffusion', en: 'Open the broadcast' },
      (data) => data.accessUrl,
      { required: true },
    ),
  },
  defaults: {
    fr: {
      subject: 'Votre nouveau code d’accès : {titre_evenement}',
      body: `{cher} {prenom_client},

{nom_organisme} a créé un nouveau code d’accès pour votre billet « {billet} » de « {titre_evenement} » ({date_evenement}), commande {numero_commande}.

Votre nouveau code d’accès : {code_acces}

L’ancien code ne fonctionne plus. Copiez le nouveau dans le champ « Code d’accès » de la page de la diffusion :

{lien_acces|Accéder à la diffusion}

Bonne diffusion!`,
    },
    en: {
      subject: 'Your new access code: {titre_evenement}',
      body: `{cher} {prenom_client},

{nom_organisme} made a new access code for your ticket “{billet}” to “{titre_evenement}” ({date_evenement}), order {numero_commande}.

Your new access code: {code_acces}

The old code no longer works. Paste the new one into the “Access code” field of the broadcast page:

{lien_acces|Open the broadcast}

Enjoy the show!`,
    },
  },
  sample: {
    organizationName: 'Spect’Art Rimouski',
    eventTitle: 'Concert en ligne : Les Cowboys Fringants',
    dates: [{ startsAt: '2026-12-13T00:30:00.000Z' }],
    firstName: 'Amélie',
    salutation: 'f',
    orderNumber: '2026-001045',
    ticketLabel: 'Adulte',
    accessCode: 'K7QF-2M9X',
    accessUrl: 'https://parvis.example/fr/acces/01JEVENT5',
  },
});
