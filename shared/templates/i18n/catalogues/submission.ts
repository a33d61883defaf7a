/**
 * « Soumettre un événement » (CAL-07), the public form: French first; the English catalogue is
 * typed against it. Keys start with "submission.". The event's own fields keep the organization
 * form's words (organization-events.ts); the spam protection's refusals are the use case's.
 */
export const fr = {
  'submission.link': 'Soumettre un événement',
  'submission.title': 'Soumettre un événement — Parvis',
  'submission.description':
    'Proposez un événement culturel au calendrier : l’équipe le révise avant de le publier.',
  'submission.heading': 'Soumettre un événement',
  'submission.lead':
    'Pour proposer un événement au calendrier culturel, remplissez le formulaire ci-dessous : vos coordonnées, puis les renseignements de l’événement.',
  'submission.leadReview':
    'L’équipe révise chaque événement avant de le publier et vous écrit au besoin. Un organisme qui publie souvent peut demander un compte pour gérer ses événements lui-même.',
  'submission.leadTicketing':
    'Un événement en ligne ou avec billetterie sur la plateforme ne peut pas être soumis par ce formulaire : écrivez-nous pour en régler les détails.',
  'submission.sectionContact': 'Vos coordonnées',
  'submission.contactHint':
    'Elles servent seulement à vous joindre au sujet de cet événement et sont effacées après 180 jours.',
  'submission.field.name': 'Votre nom',
  'submission.field.email': 'Votre adresse courriel',
  'submission.field.organization': 'Organisme',
  'submission.field.organizationHint': 'L’organisme qui présente l’événement, s’il y a lieu.',
  'submission.field.phone': 'Téléphone',
  'submission.honeypot': 'Laissez ce champ vide',
  'submission.sectionSend': 'Envoyer à l’équipe',
  'submission.field.note': 'Message à l’équipe',
  'submission.field.noteHint': 'Une précision pour l’équipe qui révisera l’événement.',
  'submission.privacy': 'L’image de l’événement se joint après coup : l’équipe vous écrira pour l’obtenir.',
  'submission.submit': 'Soumettre l’événement',
  'submission.error.email': 'Entrez une adresse courriel valide, par exemple nom@exemple.ca.',
  'submission.error.contact': 'Vérifiez vos coordonnées.',
  'submission.thanks.title': 'Événement reçu — Parvis',
  'submission.thanks.heading': 'Merci, votre événement a été reçu',
  'submission.thanks.body':
    'L’équipe le révisera avant de le publier au calendrier. Elle vous écrira à l’adresse donnée si elle a besoin d’un renseignement ou d’une image.',
  'submission.thanks.next': 'Et maintenant :',
  'submission.thanks.home': 'Retour au calendrier',
  'submission.thanks.another': 'Soumettre un autre événement',
};

export const en: Record<keyof typeof fr, string> = {
  'submission.link': 'Submit an event',
  'submission.title': 'Submit an event — Parvis',
  'submission.description':
    'Propose a cultural event for the calendar: the team reviews it before publishing it.',
  'submission.heading': 'Submit an event',
  'submission.lead':
    'To propose an event for the cultural calendar, fill in the form below: your contact details, then the event’s information.',
  'submission.leadReview':
    'The team reviews every event before publishing it and writes to you if needed. An organization that publishes often may ask for an account to manage its events itself.',
  'submission.leadTicketing':
    'An online event, or one with ticketing on the platform, cannot be submitted with this form: write to us to settle the details.',
  'submission.sectionContact': 'Your contact details',
  'submission.contactHint': 'They are used only to reach you about this event and are erased after 180 days.',
  'submission.field.name': 'Your name',
  'submission.field.email': 'Your email address',
  'submission.field.organization': 'Organization',
  'submission.field.organizationHint': 'The organization presenting the event, if any.',
  'submission.field.phone': 'Phone',
  'submission.honeypot': 'Leave this field empty',
  'submission.sectionSend': 'Send to the team',
  'submission.field.note': 'Message to the team',
  'submission.field.noteHint': 'Anything the team reviewing the event should know.',
  'submission.privacy': 'The event’s image comes afterwards: the team will write to you for it.',
  'submission.submit': 'Submit the event',
  'submission.error.email': 'Enter a valid email address, for example name@example.ca.',
  'submission.error.contact': 'Check your contact details.',
  'submission.thanks.title': 'Event received — Parvis',
  'submission.thanks.heading': 'Thank you, your event was received',
  'submission.thanks.body':
    'The team will review it before publishing it in the calendar. It will write to the address you gave if it needs more information or an image.',
  'submission.thanks.next': 'What next:',
  'submission.thanks.home': 'Back to the calendar',
  'submission.thanks.another': 'Submit another event',
};
