/**
 * The waiting list's catalogue (TIX-15): the join, offer and leave pages, and the refusals of
 * shared/orders/waiting-list.ts. French first; the English catalogue is typed against it, so a
 * missing or an extra key fails the build. Keys start with "waitingList.". The use cases build their
 * errors from these objects directly, so a function loads only this catalogue.
 */
export const fr = {
  'waitingList.entry': 'L’inscription sur la liste d’attente',
  'waitingList.category': 'La catégorie de billet',
  'waitingList.notOffered':
    'La liste d’attente n’est pas offerte pour cet événement. Communiquez avec l’organisateur.',
  'waitingList.notSoldOut':
    'Il reste des billets « {name} » en vente ({remaining}) : vous pouvez les acheter directement.',
  'waitingList.withdrawn': 'La catégorie « {name} » n’est plus offerte.',
  'waitingList.already':
    'L’adresse {email} est déjà sur la liste d’attente de la catégorie « {name} ». Le courriel de confirmation contient le lien pour la quitter.',
  'waitingList.rule.name': 'Indiquez votre nom (200 caractères au plus).',
  'waitingList.rule.email': 'Indiquez une adresse courriel valide.',
  'waitingList.rule.quantity': 'Indiquez un nombre de places de 1 à {max}.',
  'waitingList.invalid': 'Vérifiez le formulaire. {details}',
  'waitingList.badLink': 'Ce lien n’est pas valide. Vérifiez qu’il a été copié en entier depuis le courriel.',
  'waitingList.offerGone':
    'Cette offre n’est plus valable : le délai est passé ou elle a déjà été utilisée. Les places ont été offertes à la personne suivante.',
  'waitingList.offerMismatch':
    'Cette offre vaut pour {quantity} billet(s) « {name} » de cet événement, et pour rien d’autre.',
  'waitingList.busy': 'La liste d’attente est très sollicitée en ce moment. Veuillez réessayer.',
  'waitingList.join.title': 'Liste d’attente — {event}',
  'waitingList.join.heading': 'Liste d’attente',
  'waitingList.join.intro':
    'Les billets de cette catégorie sont épuisés. Inscrivez-vous : si des places se libèrent, elles seront offertes dans l’ordre d’inscription. Vous recevrez alors un courriel et les places vous seront réservées pendant {hours} heures.',
  'waitingList.join.none': 'Aucune catégorie de cet événement n’a de liste d’attente ouverte en ce moment.',
  'waitingList.join.category': 'Catégorie',
  'waitingList.join.name': 'Nom',
  'waitingList.join.email': 'Adresse courriel',
  'waitingList.join.emailHint': 'L’offre vous sera envoyée à cette adresse.',
  'waitingList.join.quantity': 'Nombre de places',
  'waitingList.join.quantityHint': 'De 1 à {max} places.',
  'waitingList.join.submit': 'M’inscrire sur la liste d’attente',
  'waitingList.join.done':
    'C’est fait : vous êtes sur la liste d’attente de « {category} » pour {quantity} place(s). Un courriel de confirmation a été envoyé à {email}.',
  'waitingList.join.back': 'Retour à l’événement',
  'waitingList.join.link': 'M’inscrire sur la liste d’attente',
  'waitingList.leave.title': 'Quitter la liste d’attente',
  'waitingList.leave.heading': 'Quitter la liste d’attente',
  'waitingList.leave.summary': '« {event} » — {category}, {quantity} place(s), inscription du {date}.',
  'waitingList.leave.submit': 'Quitter la liste d’attente',
  'waitingList.leave.offeredNote':
    'Des places vous sont réservées en ce moment : en quittant la liste, vous y renoncez et elles seront offertes à la personne suivante.',
  'waitingList.leave.done':
    'Vous avez quitté la liste d’attente. Aucun autre courriel ne vous sera envoyé à ce sujet.',
  'waitingList.leave.ended': 'Cette inscription n’est plus sur la liste d’attente.',
  'waitingList.offer.title': 'Places réservées — {event}',
  'waitingList.offer.heading': 'Des places vous sont réservées',
  'waitingList.offer.event': 'Événement',
  'waitingList.offer.category': 'Catégorie',
  'waitingList.offer.quantity': 'Places',
  'waitingList.offer.price': 'Prix',
  'waitingList.offer.total': 'Total',
  'waitingList.offer.free': 'Gratuit',
  'waitingList.offer.expires': 'Réservées jusqu’au',
  'waitingList.offer.buyer': 'Vos coordonnées',
  'waitingList.offer.name': 'Nom',
  'waitingList.offer.email': 'Adresse courriel',
  'waitingList.offer.phone': 'Téléphone',
  'waitingList.offer.postalCode': 'Code postal',
  'waitingList.offer.provider': 'Payer avec',
  'waitingList.offer.pay': 'Payer {total}',
  'waitingList.offer.register': 'Confirmer mon inscription',
  'waitingList.offer.noProvider':
    'L’organisateur ne peut pas recevoir de paiement en ligne en ce moment. Communiquez avec lui.',
  'waitingList.offer.lapsed':
    'Le délai de cette offre est passé : les places ont été offertes à la personne suivante sur la liste d’attente.',
  'waitingList.offer.left': 'Vous avez quitté la liste d’attente : cette offre n’est plus valable.',
  'waitingList.offer.taken': 'Cette offre a été utilisée : commande n° {orderId}.',
  'waitingList.offer.confirmed':
    'C’est confirmé : commande n° {orderId}. Vos billets vous sont envoyés par courriel.',
  'waitingList.offer.resume': 'Reprendre le paiement',
  'waitingList.offer.leave': 'Je n’en veux plus : quitter la liste d’attente',
  'waitingList.portal.waiting': 'Liste d’attente : {count}',
} as const;

export const en: Record<keyof typeof fr, string> = {
  'waitingList.entry': 'The waiting-list entry',
  'waitingList.category': 'The ticket category',
  'waitingList.notOffered': 'This event has no waiting list. Please contact the organizer.',
  'waitingList.notSoldOut':
    'There are still “{name}” tickets on sale ({remaining}): you can buy them directly.',
  'waitingList.withdrawn': 'The “{name}” category is no longer offered.',
  'waitingList.already':
    '{email} is already on the waiting list of the “{name}” category. The confirmation e-mail has the link to leave it.',
  'waitingList.rule.name': 'Enter your name (at most 200 characters).',
  'waitingList.rule.email': 'Enter a valid e-mail address.',
  'waitingList.rule.quantity': 'Enter a number of seats from 1 to {max}.',
  'waitingList.invalid': 'Please check the form. {details}',
  'waitingList.badLink': 'This link is not valid. Check that it was copied whole from the e-mail.',
  'waitingList.offerGone':
    'This offer is no longer valid: its time ran out or it was already used. The seats went to the next person.',
  'waitingList.offerMismatch':
    'This offer is for {quantity} “{name}” ticket(s) of this event, and nothing else.',
  'waitingList.busy': 'The waiting list is very busy right now. Please try again.',
  'waitingList.join.title': 'Waiting list — {event}',
  'waitingList.join.heading': 'Waiting list',
  'waitingList.join.intro':
    'Tickets of this category are sold out. Join the list: if seats free up, they are offered in the order people joined. You will get an e-mail and the seats will be held for you for {hours} hours.',
  'waitingList.join.none': 'No category of this event has an open waiting list right now.',
  'waitingList.join.category': 'Category',
  'waitingList.join.name': 'Name',
  'waitingList.join.email': 'E-mail address',
  'waitingList.join.emailHint': 'The offer will be sent to this address.',
  'waitingList.join.quantity': 'Number of seats',
  'waitingList.join.quantityHint': 'From 1 to {max} seats.',
  'waitingList.join.submit': 'Join the waiting list',
  'waitingList.join.done':
    'Done: you are on the waiting list of “{category}” for {quantity} seat(s). A confirmation e-mail was sent to {email}.',
  'waitingList.join.back': 'Back to the event',
  'waitingList.join.link': 'Join the waiting list',
  'waitingList.leave.title': 'Leave the waiting list',
  'waitingList.leave.heading': 'Leave the waiting list',
  'waitingList.leave.summary': '“{event}” — {category}, {quantity} seat(s), joined on {date}.',
  'waitingList.leave.submit': 'Leave the waiting list',
  'waitingList.leave.offeredNote':
    'Seats are held for you right now: by leaving the list you give them up and they go to the next person.',
  'waitingList.leave.done': 'You left the waiting list. You will get no more e-mails about it.',
  'waitingList.leave.ended': 'This entry is no longer on the waiting list.',
  'waitingList.offer.title': 'Seats held — {event}',
  'waitingList.offer.heading': 'Seats are held for you',
  'waitingList.offer.event': 'Event',
  'waitingList.offer.category': 'Category',
  'waitingList.offer.quantity': 'Seats',
  'waitingList.offer.price': 'Price',
  'waitingList.offer.total': 'Total',
  'waitingList.offer.free': 'Free',
  'waitingList.offer.expires': 'Held until',
  'waitingList.offer.buyer': 'Your details',
  'waitingList.offer.name': 'Name',
  'waitingList.offer.email': 'E-mail address',
  'waitingList.offer.phone': 'Phone',
  'waitingList.offer.postalCode': 'Postal code',
  'waitingList.offer.provider': 'Pay with',
  'waitingList.offer.pay': 'Pay {total}',
  'waitingList.offer.register': 'Confirm my registration',
  'waitingList.offer.noProvider': 'The organizer cannot take online payments right now. Please contact them.',
  'waitingList.offer.lapsed':
    'This offer’s time ran out: the seats were offered to the next person on the waiting list.',
  'waitingList.offer.left': 'You left the waiting list: this offer is no longer valid.',
  'waitingList.offer.taken': 'This offer was used: order no. {orderId}.',
  'waitingList.offer.confirmed': 'Confirmed: order no. {orderId}. Your tickets are on their way by e-mail.',
  'waitingList.offer.resume': 'Resume the payment',
  'waitingList.offer.leave': 'I no longer want them: leave the waiting list',
  'waitingList.portal.waiting': 'Waiting list: {count}',
};
