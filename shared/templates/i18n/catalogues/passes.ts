/**
 * Passes' public words (TIX-08, CAL-08): the « Passes » tab, a pass's page and the passes an event's
 * sheet lists. French first; the English catalogue is typed against it, so a missing or an extra
 * key fails the build. Keys start with "passes.".
 */
export const fr = {
  'passes.nav': 'Passes',
  // --- The two tabs of « Billetterie / Inscriptions » (CAL-08) ---
  'passes.tabs.label': 'Sections de la billetterie',
  'passes.tabs.events': 'Événements',
  'passes.notFound': 'Cette passe n’existe pas ou n’est plus offerte.',
  // --- The « Passes » tab (CAL-08) ---
  'passes.tab.title': 'Passes — Parvis',
  'passes.tab.description':
    'Les passes des organismes de la région : un seul achat pour plusieurs spectacles et événements.',
  'passes.tab.heading': 'Passes',
  'passes.tab.lead':
    'Une passe donne accès à plusieurs événements en un seul achat : vous recevez un billet pour chacun.',
  'passes.tab.listLabel': 'Passes offertes',
  'passes.tab.empty': 'Aucune passe n’est offerte pour le moment. Revenez bientôt!',
  // --- A pass, in a list or on its page ---
  'passes.events.one': '1 événement',
  'passes.events.many': '{count} événements',
  'passes.dates.one': 'le {date}',
  'passes.dates.span': 'du {from} au {to}',
  'passes.price.from': 'À partir de {price}',
  'passes.price.free': 'Gratuit',
  'passes.price.freeOrFrom': 'Gratuit, ou à partir de {price}',
  'passes.state.onSale': 'En vente jusqu’au {date}',
  'passes.state.upcoming': 'En vente à partir du {date}',
  'passes.state.ended': 'Vente terminée',
  'passes.see': 'Voir la passe',
  // --- A pass's page (TIX-08) ---
  'passes.page.title': '{title} — Passe — Parvis',
  'passes.page.back': 'Toutes les passes',
  'passes.page.kind': 'Passe',
  'passes.page.period': 'Période de vente : du {from} au {to}',
  'passes.page.events': 'Événements compris',
  'passes.page.eventsLabel': 'Événements compris dans la passe',
  'passes.page.tiers': 'Tarifs',
  'passes.page.buy': 'Acheter la passe',
  'passes.page.register': 'Réserver la passe',
  'passes.page.admits':
    'Chaque passe donne un billet, avec son code QR, pour chacun des {count} événements. Les billets sont envoyés par courriel.',
  'passes.page.upcoming': 'Cette passe sera en vente à partir du {date}.',
  'passes.page.ended': 'La vente de cette passe est terminée.',
  'passes.page.noTier': 'Aucun tarif n’est offert pour cette passe en ce moment.',
  // --- On an event's sheet (TIX-08) ---
  'passes.sheet.heading': 'Passes',
  'passes.sheet.lead': 'Cet événement fait partie de :',
};

export const en: Record<keyof typeof fr, string> = {
  'passes.nav': 'Passes',
  'passes.tabs.label': 'Ticketing sections',
  'passes.tabs.events': 'Events',
  'passes.notFound': 'This pass does not exist or is no longer offered.',
  'passes.tab.title': 'Passes — Parvis',
  'passes.tab.description':
    'Passes from the region’s organizations: one purchase for several shows and events.',
  'passes.tab.heading': 'Passes',
  'passes.tab.lead': 'A pass admits you to several events with one purchase: you get a ticket for each.',
  'passes.tab.listLabel': 'Passes offered',
  'passes.tab.empty': 'No pass is offered for the moment. Come back soon!',
  'passes.events.one': '1 event',
  'passes.events.many': '{count} events',
  'passes.dates.one': 'on {date}',
  'passes.dates.span': 'from {from} to {to}',
  'passes.price.from': 'From {price}',
  'passes.price.free': 'Free',
  'passes.price.freeOrFrom': 'Free, or from {price}',
  'passes.state.onSale': 'On sale until {date}',
  'passes.state.upcoming': 'On sale from {date}',
  'passes.state.ended': 'Sales ended',
  'passes.see': 'See the pass',
  'passes.page.title': '{title} — Pass — Parvis',
  'passes.page.back': 'All passes',
  'passes.page.kind': 'Pass',
  'passes.page.period': 'Sales period: from {from} to {to}',
  'passes.page.events': 'Events included',
  'passes.page.eventsLabel': 'Events included in the pass',
  'passes.page.tiers': 'Prices',
  'passes.page.buy': 'Buy the pass',
  'passes.page.register': 'Reserve the pass',
  'passes.page.admits':
    'Each pass gives a ticket, with its QR code, for each of the {count} events. Tickets are sent by e-mail.',
  'passes.page.upcoming': 'This pass goes on sale on {date}.',
  'passes.page.ended': 'Sales of this pass have ended.',
  'passes.page.noTier': 'No price is offered for this pass right now.',
  'passes.sheet.heading': 'Passes',
  'passes.sheet.lead': 'This event is part of:',
};
