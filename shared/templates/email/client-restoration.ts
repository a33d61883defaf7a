import * as z from 'zod/mini';
import {
  defineTemplate,
  firstNameField,
  greetingPlaceholders,
  link,
  linkField,
  type PlaceholderSpec,
  salutationField,
} from './define-template';

/**
 * CRM-07: staff restored a deactivated file (the seed's « Courriel lors de restauration »). The
 * deactivation erased consent, so the letter asks the client to sign in and choose their
 * communication preferences again (CRM-11).
 */
export const clientRestorationData = z.object({
  firstName: firstNameField(),
  salutation: salutationField(),
  /** Where the client gets back in: the log-in page, or an invitation link when there is no password. */
  fileUrl: linkField(),
});

type RestorationData = z.output<typeof clientRestorationData>;

const placeholders: Record<string, PlaceholderSpec<RestorationData>> = {
  ...greetingPlaceholders<RestorationData>(),
  lien_dossier: link(
    {
      fr: 'Lien pour accéder au dossier restauré (connexion ou activation) (obligatoire).',
      en: 'Link to the restored file (sign-in or activation) (required).',
    },
    { fr: 'Accéder à mon dossier', en: 'Open my file' },
    (data) => data.fileUrl,
    { required: true },
  ),
};

export const clientRestoration = defineTemplate({
  name: { fr: 'Courriel lors de restauration', en: 'File restored' },
  purpose: {
    fr: 'Envoyé après « Restaurer ce client » : le client se connecte et choisit de nouveau ses préférences de communication.',
    en: 'Sent after “Restore this client”: the client signs in and chooses their communication preferences again.',
  },
  data: clientRestorationData,
  placeholders,
  defaults: {
    fr: {
      subject: 'Votre dossier a été restauré',
      body: `{cher} {prenom_client},

À votre demande, nous avons restauré votre dossier à notre école. Vos ateliers suivis et votre historique y sont de nouveau accessibles, et nous y avons remis vos coordonnées.

Lors de la désactivation de votre dossier, vos préférences de communication ont été effacées. Conformément aux lois sur la protection des renseignements personnels (Loi 25, RGPD), vous devez donc nous indiquer de nouveau votre accord ou désaccord à recevoir des informations de notre école par téléphone, par la poste et/ou par courriel. Il vous suffit de vous connecter à votre dossier\u00a0: vous pourrez nous signaler vos préférences dès votre arrivée, et les changer en tout temps.

{lien_dossier|Accéder à mon dossier}

Si vous n’avez plus de mot de passe ou si vous l’avez oublié, vous pourrez en choisir un nouveau à la page de connexion.

Nous vous souhaitons bon cheminement avec nous!`,
    },
    en: {
      subject: 'Your file has been restored',
      body: `{cher} {prenom_client},

As you asked, we have restored your file with our school. The workshops you took and your history are available in it again, and we have put your contact details back.

When your file was deactivated, your communication preferences were erased. Under privacy law (Québec’s Law 25, the GDPR), you therefore need to tell us again whether or not you agree to receive information from our school by phone, by mail and/or by e-mail. Just sign in to your file: you will be able to set your preferences as soon as you arrive, and change them at any time.

{lien_dossier|Open my file}

If you no longer have a password or have forgotten it, you can choose a new one on the sign-in page.

We wish you a good journey with us!`,
    },
  },
  sample: {
    firstName: 'Jean-François',
    salutation: 'm',
    fileUrl: 'https://parvis.example/compte/connexion',
  },
});
