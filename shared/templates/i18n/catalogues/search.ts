/**
 * Full-text search of the public calendar (CAL-10): the search page and the header's search field.
 * French first; the English catalogue is typed against it. Keys start with "search.".
 */
export const fr = {
  'search.title': 'Recherche — Parvis',
  'search.description':
    'Cherchez un spectacle, une exposition, un lieu ou un organisme dans le calendrier culturel.',
  'search.heading': 'Rechercher un événement',
  'search.label': 'Rechercher',
  'search.field': 'Mots à chercher',
  'search.placeholder': 'Titre, lieu, organisme, catégorie…',
  'search.headerPlaceholder': 'Titre, lieu, organisme…',
  'search.submit': 'Rechercher',
  'search.hint':
    'Tapez un titre, un lieu, un organisme ou une catégorie, par exemple « théâtre » ou « orchestre ». Les accents et les majuscules ne comptent pas.',
  'search.tooLong': 'Votre recherche est trop longue : 200 caractères et 12 mots au plus.',
  'search.results': 'Résultats pour « {q} »',
  'search.count': '{count} événements à venir',
  'search.countOne': '1 événement à venir',
  'search.none': 'Aucun événement à venir ne correspond à « {q} ».',
  'search.noneHint': 'Vérifiez l’orthographe, essayez un autre mot ou parcourez le calendrier.',
  'search.unavailable':
    'La recherche n’est pas encore prête. Réessayez dans quelques minutes ou parcourez le calendrier.',
  'search.browse': 'Parcourir le calendrier',
};

export const en: Record<keyof typeof fr, string> = {
  'search.title': 'Search — Parvis',
  'search.description':
    'Look for a show, an exhibition, a venue or an organization in the cultural calendar.',
  'search.heading': 'Search for an event',
  'search.label': 'Search',
  'search.field': 'Words to search for',
  'search.placeholder': 'Title, venue, organization, category…',
  'search.headerPlaceholder': 'Title, venue, organization…',
  'search.submit': 'Search',
  'search.hint':
    'Type a title, a venue, an organization or a category, for example “theatre” or “orchestra”. Accents and capitals do not matter.',
  'search.tooLong': 'Your search is too long: at most 200 characters and 12 words.',
  'search.results': 'Results for “{q}”',
  'search.count': '{count} upcoming events',
  'search.countOne': '1 upcoming event',
  'search.none': 'No upcoming event matches “{q}”.',
  'search.noneHint': 'Check the spelling, try another word or browse the calendar.',
  'search.unavailable': 'Search is not ready yet. Try again in a few minutes or browse the calendar.',
  'search.browse': 'Browse the calendar',
};
