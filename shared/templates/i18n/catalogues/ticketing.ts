/**
 * Ticketing's catalogue (TIX-02, TIX-03, TIX-06, TIX-09): the words of ticket categories and of the
 * refusals a buyer or an organizer may see. French first; the English catalogue is typed against
 * it, so a missing or an extra key fails the build. Keys start with "ticketing.". The use cases of
 * shared/ticketing build their errors from these two objects directly (not through messages.ts),
 * so a function loads only this catalogue.
 */
export const fr = {
  'ticketing.action.buy': 'Acheter',
  'ticketing.action.register': 'S’inscrire',
  'ticketing.ticketType': 'La catégorie de billet',
  'ticketing.event': 'L’événement',
  'ticketing.hold': 'La réservation de places',
  'ticketing.invalid': 'Certaines informations de la catégorie sont invalides : {details}',
  'ticketing.rule.name':
    'Le nom de la catégorie est requis en français et en anglais (200 caractères au plus).',
  'ticketing.rule.price': 'Le prix doit être un montant entre 0 $ et 100 000 $.',
  'ticketing.rule.quantity': 'La quantité doit être un nombre entier entre 1 et 100 000.',
  'ticketing.rule.perPersonMax': 'Le maximum par personne doit être un nombre entier entre 1 et 20.',
  'ticketing.rule.dates': 'La date de retrait doit être postérieure au début des ventes.',
  'ticketing.rule.date': 'Les dates doivent être des dates et heures valides.',
  'ticketing.rule.belowTaken':
    'La quantité ne peut pas descendre sous {taken} : ces billets sont déjà vendus ou en cours d’achat.',
  'ticketing.changedMeanwhile':
    'Quelqu’un d’autre a modifié cette catégorie pendant que vous la modifiiez. Vos changements n’ont pas été enregistrés : rechargez la page pour voir la nouvelle version, puis reportez-les.',
  'ticketing.withdrawn': 'Cette catégorie a été retirée de la vente : elle ne peut plus être modifiée.',
  'ticketing.soldOut':
    'Il ne reste pas assez de billets « {name} » pour votre demande (places restantes : {remaining}).',
  'ticketing.notOnSale': 'Les billets « {name} » ne sont pas en vente en ce moment.',
  'ticketing.perPersonMax': 'Vous pouvez prendre au plus {max} billets « {name} ».',
  'ticketing.tooManyTickets': 'Une commande compte au plus {max} billets.',
  'ticketing.holdExpired':
    'Le délai pour payer est écoulé et vos places ont été remises en vente. Recommencez votre commande.',
  'ticketing.holdTaken': 'Cette réservation de places existe déjà pour une autre commande.',
  'ticketing.holdRefused':
    'Votre commande n’a pas pu être enregistrée parce que ses données ont changé entre-temps. Veuillez réessayer.',
  'ticketing.busy': 'Beaucoup de personnes achètent en ce moment. Veuillez réessayer dans quelques secondes.',
};

export const en: Record<keyof typeof fr, string> = {
  'ticketing.action.buy': 'Buy',
  'ticketing.action.register': 'Register',
  'ticketing.ticketType': 'The ticket category',
  'ticketing.event': 'The event',
  'ticketing.hold': 'The seat hold',
  'ticketing.invalid': 'Some information about the category is invalid: {details}',
  'ticketing.rule.name': 'The category name is required in French and in English (200 characters at most).',
  'ticketing.rule.price': 'The price must be an amount between $0 and $100,000.',
  'ticketing.rule.quantity': 'The quantity must be a whole number between 1 and 100,000.',
  'ticketing.rule.perPersonMax': 'The maximum per person must be a whole number between 1 and 20.',
  'ticketing.rule.dates': 'The withdrawal date must be after the start of sales.',
  'ticketing.rule.date': 'Dates must be valid dates and times.',
  'ticketing.rule.belowTaken':
    'The quantity cannot go below {taken}: those tickets are already sold or being bought.',
  'ticketing.changedMeanwhile':
    'Someone else changed this category while you were editing it. Your changes were not saved: reload the page to see the new version, then apply them again.',
  'ticketing.withdrawn': 'This category was withdrawn from sale: it can no longer be changed.',
  'ticketing.soldOut':
    'There are not enough “{name}” tickets left for your request (seats left: {remaining}).',
  'ticketing.notOnSale': '“{name}” tickets are not on sale right now.',
  'ticketing.perPersonMax': 'You can take at most {max} “{name}” tickets.',
  'ticketing.tooManyTickets': 'An order has at most {max} tickets.',
  'ticketing.holdExpired':
    'The time to pay has run out and your seats were put back on sale. Please start your order again.',
  'ticketing.holdTaken': 'This seat hold already exists for another order.',
  'ticketing.holdRefused':
    'Your order could not be recorded because its data changed in the meantime. Please try again.',
  'ticketing.busy': 'Many people are buying right now. Please try again in a few seconds.',
};
