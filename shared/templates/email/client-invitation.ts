import * as z from 'zod/mini';
import type { Locale } from '../../kernel/errors';
import { type EmailContent, greeting } from './compose';

/** CRM-01: a file created by staff invites the client to activate it and choose a password. */
export const clientInvitationData = z.object({
  firstName: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  salutation: z._default(z.enum(['f', 'm', 'x']), 'x'),
  activationUrl: z.url({ protocol: /^https?$/ }),
});

export function clientInvitation(locale: Locale, data: z.output<typeof clientInvitationData>): EmailContent {
  if (locale === 'en') {
    return {
      subject: 'Your client file is ready',
      greeting: greeting(locale, data.firstName, data.salutation),
      paragraphs: [
        'Thank you for your interest in our school.',
        'We have created your new file: all that is left is to activate it by opening it and choosing a password.',
        'Under privacy law (Québec Law 25, GDPR) you must tell us whether you agree to receive information from us by phone, by mail and/or by e-mail. The first time you sign in, you will be able to set these preferences, and you can change them at any time.',
      ],
      action: { label: 'Open my file', url: data.activationUrl },
      closing: 'We wish you a good journey with us!',
    };
  }
  return {
    subject: 'Votre dossier est prêt',
    greeting: greeting(locale, data.firstName, data.salutation),
    paragraphs: [
      'Nous vous remercions pour votre intérêt envers notre école.',
      "Nous avons créé votre nouveau dossier et maintenant il ne vous reste qu'à l'activer en y accédant et en choisissant un mot de passe.",
      'Conformément aux lois sur la protection des renseignements personnels (Loi 25, RGPD), vous devez nous indiquer votre accord ou désaccord à recevoir des informations de notre école par téléphone, la poste et/ou par courriel. Lorsque vous vous connecterez à votre dossier la première fois, vous pourrez nous signaler vos préférences et vous pourrez les changer en tout temps.',
    ],
    action: { label: 'Accéder à mon dossier', url: data.activationUrl },
    closing: 'Nous vous souhaitons bon cheminement avec nous!',
  };
}
