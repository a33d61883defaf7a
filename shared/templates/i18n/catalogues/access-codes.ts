/**
 * Access codes of online events (TIX-13): the public « Code d'accès » page and its « Assistance
 * technique » form, the refusals of shared/orders/access-codes.ts, the organizer's « Autoriser
 * plusieurs appareils » setting and « Réinitialiser le code » action. French first; the English
 * catalogue is typed against it, so a missing or an extra key fails the build. Keys start with
 * "accessCodes." (and one audit label of the console). shared/orders builds its errors from these
 * objects directly.
 */
export const fr = {
  'accessCodes.title': 'Code d’accès — {title}',
  'accessCodes.heading': 'Accéder à la diffusion',
  'accessCodes.lead':
    'Copiez le code d’accès inscrit sur votre billet (reçu par courriel) et collez-le ci-dessous.',
  'accessCodes.code.label': 'Code d’accès',
  'accessCodes.code.hint': 'Huit lettres et chiffres, par exemple K7QF-2M9X.',
  'accessCodes.submit': 'Accéder à la diffusion',
  'accessCodes.device':
    'Par défaut, un code utilisé est réservé pendant 24 heures à l’appareil (navigateur) sur lequel il a été entré.',
  'accessCodes.granted.title': 'Accès à la diffusion — {title}',
  'accessCodes.granted.heading': 'Votre code est accepté',
  'accessCodes.granted.link': 'Ouvrir la diffusion',
  'accessCodes.granted.noLink':
    'Le lien de la diffusion n’est pas encore publié. Revenez sur cette page un peu avant le début de l’événement.',
  'accessCodes.granted.until':
    'Ce code est réservé à cet appareil jusqu’au {date}. Pour changer d’appareil avant, demandez l’assistance technique.',
  'accessCodes.granted.multi': 'Ce code peut être utilisé sur plusieurs appareils.',
  'accessCodes.granted.again': 'Entrer un autre code',
  'accessCodes.refused.format':
    'Ce code d’accès n’a pas la bonne forme : il compte huit lettres et chiffres, par exemple K7QF-2M9X.',
  'accessCodes.refused.unknown':
    'Ce code d’accès n’existe pas pour cet événement. Vérifiez-le sur votre billet ou demandez l’assistance technique.',
  'accessCodes.refused.cancelled':
    'Ce code d’accès n’est plus valide : le billet ou la commande a été annulé.',
  'accessCodes.refused.inUse':
    'Ce code est déjà utilisé sur un autre appareil. Il est réservé à cet appareil jusqu’au {date}. Si c’est une erreur, demandez l’assistance technique : l’organisme peut réinitialiser votre code.',
  'accessCodes.refused.tooMany':
    'Trop de codes erronés ont été entrés depuis votre connexion. Réessayez dans {minutes} minutes.',
  'accessCodes.refused.notOnline': 'Cet événement n’est pas diffusé en ligne.',
  'accessCodes.event': 'L’événement',
  'accessCodes.ticket': 'Le billet',
  'accessCodes.help.heading': 'Assistance technique',
  'accessCodes.help.lead':
    'Un problème pour accéder à la diffusion? Écrivez-nous : votre message est envoyé à l’équipe Parvis et à l’organisme qui présente l’événement, qui vous répondront par courriel.',
  'accessCodes.help.name': 'Votre nom',
  'accessCodes.help.email': 'Votre adresse courriel',
  'accessCodes.help.code': 'Votre code d’accès',
  'accessCodes.help.codeHint': 'Si vous l’avez sous la main.',
  'accessCodes.help.message': 'Votre message',
  'accessCodes.help.messageHint': 'Décrivez ce qui se passe (au plus {max} caractères).',
  'accessCodes.help.submit': 'Envoyer la demande d’assistance',
  'accessCodes.help.sent':
    'Votre demande d’assistance est envoyée. L’équipe Parvis et l’organisme vous répondront à l’adresse {email}.',
  'accessCodes.help.tooMany':
    'Plusieurs demandes d’assistance ont déjà été envoyées pour ce code ou cette adresse. Réessayez dans {minutes} minutes; l’équipe a bien reçu les précédentes.',
  'accessCodes.help.nobody':
    'Votre demande n’a pas pu être transmise : aucune adresse d’assistance n’est configurée. Écrivez directement à l’organisme.',
  'accessCodes.notFound': 'Ce code d’accès n’existe pas pour ce billet.',
  'accessCodes.notResettable':
    'Seul le code d’un billet valide d’un événement en ligne payé peut être réinitialisé.',
  'accessCodes.busy': 'Le code vient d’être modifié par quelqu’un d’autre. Réessayez.',
  'accessCodes.settings.multiDevice': 'Autoriser plusieurs appareils par code d’accès',
  'accessCodes.settings.multiDeviceHint':
    'Événement en ligne : un code peut être utilisé en même temps sur des appareils différents. Sinon, un code utilisé est réservé pendant 24 heures à l’appareil qui l’a entré.',
  'accessCodes.reset.heading': 'Codes d’accès',
  'accessCodes.reset.create': 'Créer un code',
  'accessCodes.reset.reset': 'Réinitialiser le code',
  'accessCodes.reset.none': 'Aucun code',
  'accessCodes.reset.done':
    'Le nouveau code d’accès est {code}. L’acheteur le reçoit par courriel; l’ancien code ne fonctionne plus.',
  'console.audit.action.accessCode.reset': 'Code d’accès réinitialisé',
};

export const en: Record<keyof typeof fr, string> = {
  'accessCodes.title': 'Access code — {title}',
  'accessCodes.heading': 'Watch the broadcast',
  'accessCodes.lead': 'Copy the access code printed on your ticket (received by e-mail) and paste it below.',
  'accessCodes.code.label': 'Access code',
  'accessCodes.code.hint': 'Eight letters and digits, for example K7QF-2M9X.',
  'accessCodes.submit': 'Watch the broadcast',
  'accessCodes.device':
    'By default, a code once used is kept for 24 hours for the device (browser) it was entered on.',
  'accessCodes.granted.title': 'Broadcast access — {title}',
  'accessCodes.granted.heading': 'Your code is accepted',
  'accessCodes.granted.link': 'Open the broadcast',
  'accessCodes.granted.noLink':
    'The broadcast’s link is not published yet. Come back to this page shortly before the event starts.',
  'accessCodes.granted.until':
    'This code is kept for this device until {date}. To change devices before then, ask for technical help.',
  'accessCodes.granted.multi': 'This code may be used on several devices.',
  'accessCodes.granted.again': 'Enter another code',
  'accessCodes.refused.format':
    'This access code does not have the right form: it has eight letters and digits, for example K7QF-2M9X.',
  'accessCodes.refused.unknown':
    'This access code does not exist for this event. Check it on your ticket or ask for technical help.',
  'accessCodes.refused.cancelled': 'This access code is no longer valid: the ticket or order was cancelled.',
  'accessCodes.refused.inUse':
    'This code is already in use on another device. It is kept for that device until {date}. If this is a mistake, ask for technical help: the organization can reset your code.',
  'accessCodes.refused.tooMany':
    'Too many wrong codes were entered from your connection. Please try again in {minutes} minutes.',
  'accessCodes.refused.notOnline': 'This event is not broadcast online.',
  'accessCodes.event': 'The event',
  'accessCodes.ticket': 'The ticket',
  'accessCodes.help.heading': 'Technical help',
  'accessCodes.help.lead':
    'Trouble getting into the broadcast? Write to us: your message goes to the Parvis team and to the organization presenting the event, who will answer by e-mail.',
  'accessCodes.help.name': 'Your name',
  'accessCodes.help.email': 'Your e-mail address',
  'accessCodes.help.code': 'Your access code',
  'accessCodes.help.codeHint': 'If you have it at hand.',
  'accessCodes.help.message': 'Your message',
  'accessCodes.help.messageHint': 'Describe what happens (at most {max} characters).',
  'accessCodes.help.submit': 'Send the help request',
  'accessCodes.help.sent':
    'Your help request was sent. The Parvis team and the organization will answer you at {email}.',
  'accessCodes.help.tooMany':
    'Several help requests were already sent for this code or this address. Please try again in {minutes} minutes; the team did receive the earlier ones.',
  'accessCodes.help.nobody':
    'Your request could not be passed on: no help address is set up. Please write to the organization directly.',
  'accessCodes.notFound': 'This ticket has no such access code.',
  'accessCodes.notResettable': 'Only the code of a valid ticket of a paid online event can be reset.',
  'accessCodes.busy': 'The code was just changed by someone else. Please try again.',
  'accessCodes.settings.multiDevice': 'Allow several devices per access code',
  'accessCodes.settings.multiDeviceHint':
    'Online event: a code may be used at the same time on different devices. Otherwise a code once used is kept for 24 hours for the device that entered it.',
  'accessCodes.reset.heading': 'Access codes',
  'accessCodes.reset.create': 'Create a code',
  'accessCodes.reset.reset': 'Reset the code',
  'accessCodes.reset.none': 'No code',
  'accessCodes.reset.done':
    'The new access code is {code}. The buyer gets it by e-mail; the old code no longer works.',
  'console.audit.action.accessCode.reset': 'Access code reset',
};
