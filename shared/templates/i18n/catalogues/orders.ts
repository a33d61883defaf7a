/**
 * The words of orders, checkout, promo codes and payment accounts (TIX-01, TIX-03, TIX-07, TIX-09,
 * TIX-11, TIX-14). French first; the English catalogue is typed against it, so a missing or an
 * extra key fails the build. Keys start with "orders.". shared/orders builds its errors from these
 * two objects directly (not through messages.ts), so the webhook function loads only this catalogue.
 */
export const fr = {
  'orders.order': 'La commande',
  'orders.promo': 'Le code promotionnel',
  'orders.paymentAccount': 'Le compte de paiement',
  'orders.invalid': 'Certaines informations de la commande sont invalides : {details}',
  'orders.rule.buyerName': 'Indiquez votre nom (200 caractères au plus).',
  'orders.rule.buyerEmail': 'Indiquez une adresse courriel valide.',
  'orders.rule.quantity': 'Chaque quantité doit être un nombre entier entre 1 et {max}.',
  'orders.rule.lines': 'Choisissez au moins un billet (au plus {max} par commande).',
  'orders.rule.provider': 'Choisissez un mode de paiement (Stripe ou PayPal).',
  'orders.rule.checkbox': 'Cette case à cocher n’est pas offerte pour cet événement.',
  'orders.rule.ticketType': 'Cette catégorie de billet n’existe pas pour cet événement.',
  'orders.rule.currency': 'Les billets d’une même commande doivent être dans la même devise.',
  'orders.notSelling': 'Cet événement n’offre pas de billetterie en ligne en ce moment.',
  'orders.perPersonMax':
    'Vous avez déjà atteint le maximum de {max} billets « {name} » par personne avec cette adresse courriel.',
  'orders.promo.unknown': 'Le code promotionnel « {code} » n’existe pas pour cet événement.',
  'orders.promo.notYet': 'Le code promotionnel « {code} » n’est pas encore valide.',
  'orders.promo.expired': 'Le code promotionnel « {code} » n’est plus valide.',
  'orders.promo.exhausted': 'Le code promotionnel « {code} » a atteint sa limite d’utilisation.',
  'orders.promo.category': 'Le code promotionnel « {code} » ne s’applique à aucune des catégories choisies.',
  'orders.promo.invalid': 'Certaines informations du code promotionnel sont invalides : {details}',
  'orders.promo.rule.code':
    'Le code doit compter de 3 à 32 caractères : lettres sans accents, chiffres et tirets.',
  'orders.promo.rule.percent': 'Le pourcentage doit être un nombre entier entre 1 et 100.',
  'orders.promo.rule.amount': 'Le rabais doit être un montant entre 0,01 $ et 100 000 $.',
  'orders.promo.rule.limit': 'La limite d’utilisation doit être un nombre entier entre 1 et 100 000.',
  'orders.promo.rule.dates': 'La fin de validité doit être postérieure à son début.',
  'orders.promo.rule.categories': 'Certaines catégories choisies n’existent pas pour cet événement.',
  'orders.promo.exists': 'Le code « {code} » existe déjà pour cet événement.',
  'orders.promo.changedMeanwhile':
    'Quelqu’un d’autre a modifié ce code pendant que vous le modifiiez. Rechargez la page, puis reportez vos changements.',
  'orders.account.inactive':
    'Cet organisme ne peut pas encore recevoir de paiements en ligne par {provider} : son compte de paiement doit être activé par l’équipe Parvis.',
  'orders.account.invalid': 'Certaines informations du compte de paiement sont invalides : {details}',
  'orders.account.rule.stripeKey':
    'La clé secrète Stripe commence par « sk_ » ou « rk_ » (par exemple sk_live_…).',
  'orders.account.rule.stripeWebhook': 'Le secret de signature du webhook Stripe commence par « whsec_ ».',
  'orders.account.rule.stripePublishable':
    'La clé publiable Stripe commence par « pk_live_ » ou « pk_test_ ».',
  'orders.account.rule.paypalClient': 'L’identifiant et le secret du client PayPal sont requis.',
  'orders.account.rule.paypalWebhook': 'L’identifiant du webhook PayPal est requis.',
  'orders.account.rule.paypalPayee':
    'L’adresse courriel du compte PayPal qui reçoit les paiements est requise.',
  'orders.account.unreadable':
    'Les clés du compte de paiement sont introuvables. L’organisme doit les saisir de nouveau.',
  'orders.forbidden': 'Vous n’avez pas l’autorisation de faire cette action.',
  'orders.staffOnly': 'Seule l’équipe Parvis peut activer ou suspendre un compte de paiement.',
  'orders.checkoutKeyReused':
    'Ce formulaire a déjà servi à une autre commande. Rechargez la page pour recommencer.',
  'orders.checkoutFailed':
    'Le paiement n’a pas pu être ouvert ({provider}). Aucune place n’est retenue et rien n’a été débité : réessayez dans quelques instants.',
  'orders.notPending': 'Cette commande n’attend plus de paiement.',
  'orders.notCancellable': 'Seule une inscription gratuite confirmée peut être annulée de cette façon.',
  'orders.notRefundable': 'Cette commande ne peut pas être remboursée ou annulée dans son état actuel.',
  'orders.refundTooMuch': 'Le remboursement dépasse ce qui reste à rembourser ({left}).',
  'orders.badAccess': 'Ce lien de commande n’est pas valide.',
  'orders.busy': 'La commande est en cours de mise à jour. Réessayez dans quelques secondes.',
};

export const en: Record<keyof typeof fr, string> = {
  'orders.order': 'The order',
  'orders.promo': 'The promo code',
  'orders.paymentAccount': 'The payment account',
  'orders.invalid': 'Some information of the order is invalid: {details}',
  'orders.rule.buyerName': 'Enter your name (200 characters at most).',
  'orders.rule.buyerEmail': 'Enter a valid e-mail address.',
  'orders.rule.quantity': 'Each quantity must be a whole number between 1 and {max}.',
  'orders.rule.lines': 'Choose at least one ticket (at most {max} per order).',
  'orders.rule.provider': 'Choose a payment method (Stripe or PayPal).',
  'orders.rule.checkbox': 'This checkbox is not offered for this event.',
  'orders.rule.ticketType': 'This ticket category does not exist for this event.',
  'orders.rule.currency': 'The tickets of one order must be in the same currency.',
  'orders.notSelling': 'This event does not offer online ticketing at the moment.',
  'orders.perPersonMax':
    'You have already reached the maximum of {max} “{name}” tickets per person with this e-mail address.',
  'orders.promo.unknown': 'The promo code “{code}” does not exist for this event.',
  'orders.promo.notYet': 'The promo code “{code}” is not valid yet.',
  'orders.promo.expired': 'The promo code “{code}” is no longer valid.',
  'orders.promo.exhausted': 'The promo code “{code}” has reached its usage limit.',
  'orders.promo.category': 'The promo code “{code}” does not apply to any of the chosen categories.',
  'orders.promo.invalid': 'Some information of the promo code is invalid: {details}',
  'orders.promo.rule.code': 'The code must have 3 to 32 characters: unaccented letters, digits and hyphens.',
  'orders.promo.rule.percent': 'The percentage must be a whole number between 1 and 100.',
  'orders.promo.rule.amount': 'The discount must be an amount between $0.01 and $100,000.',
  'orders.promo.rule.limit': 'The usage limit must be a whole number between 1 and 100,000.',
  'orders.promo.rule.dates': 'The end of validity must come after its start.',
  'orders.promo.rule.categories': 'Some chosen categories do not exist for this event.',
  'orders.promo.exists': 'The code “{code}” already exists for this event.',
  'orders.promo.changedMeanwhile':
    'Someone else changed this code while you were editing it. Reload the page, then make your changes again.',
  'orders.account.inactive':
    'This organization cannot receive online payments through {provider} yet: its payment account must be activated by the Parvis team.',
  'orders.account.invalid': 'Some information of the payment account is invalid: {details}',
  'orders.account.rule.stripeKey':
    'The Stripe secret key starts with “sk_” or “rk_” (for example sk_live_…).',
  'orders.account.rule.stripeWebhook': 'The Stripe webhook signing secret starts with “whsec_”.',
  'orders.account.rule.stripePublishable': 'The Stripe publishable key starts with “pk_live_” or “pk_test_”.',
  'orders.account.rule.paypalClient': 'The PayPal client id and secret are required.',
  'orders.account.rule.paypalWebhook': 'The PayPal webhook id is required.',
  'orders.account.rule.paypalPayee':
    'The e-mail address of the PayPal account receiving the payments is required.',
  'orders.account.unreadable':
    'The payment account’s keys cannot be found. The organization must enter them again.',
  'orders.forbidden': 'You are not allowed to do this.',
  'orders.staffOnly': 'Only the Parvis team can activate or suspend a payment account.',
  'orders.checkoutKeyReused': 'This form was already used for another order. Reload the page to start again.',
  'orders.checkoutFailed':
    'The payment could not be opened ({provider}). No seat is held and nothing was charged: please try again in a moment.',
  'orders.notPending': 'This order is no longer waiting for a payment.',
  'orders.notCancellable': 'Only a confirmed free registration can be cancelled this way.',
  'orders.notRefundable': 'This order cannot be refunded or cancelled in its current state.',
  'orders.refundTooMuch': 'The refund is more than what is left to refund ({left}).',
  'orders.badAccess': 'This order link is not valid.',
  'orders.busy': 'The order is being updated. Please try again in a few seconds.',
};
