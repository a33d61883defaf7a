/**
 * The embeddable calendar (issue #12): the frame an organization pastes on its own website, and
 * the portal page that gives the snippet. French first; the English catalogue is typed against it.
 * Keys start with "embed.".
 */
export const fr = {
  'embed.frame.title': 'Événements à venir — {name}',
  'embed.frame.heading': 'Prochains événements',
  'embed.frame.empty': 'Aucun événement à venir pour le moment.',
  'embed.frame.all': 'Tout le calendrier de {name}',
  'embed.frame.newTab': '(s’ouvre dans un nouvel onglet)',
  'embed.frame.source': 'Calendrier culturel Parvis',
  'embed.frame.notFound': 'Ce calendrier n’est pas disponible.',
  'embed.nav': 'Intégration',
  'embed.portal.title': 'Intégrer le calendrier — {name}',
  'embed.portal.heading': 'Vos événements sur votre site Web',
  'embed.portal.lead':
    'Copiez le code ci-dessous et collez-le dans une page de votre site : vos prochains événements publiés s’y affichent et mènent à leur fiche sur Parvis. La liste se met à jour d’elle-même.',
  'embed.portal.options': 'Apparence',
  'embed.portal.theme': 'Thème',
  'embed.portal.theme.clair': 'Clair',
  'embed.portal.theme.sombre': 'Sombre',
  'embed.portal.accent': 'Couleur d’accent',
  'embed.portal.accentHint':
    'Code hexadécimal, par exemple 1d4ed8. Une couleur trop pâle pour être lue sert de bordure seulement.',
  'embed.portal.count': 'Nombre d’événements',
  'embed.portal.countHint': 'De 1 à 20.',
  'embed.portal.apply': 'Mettre à jour l’aperçu et le code',
  'embed.portal.snippet': 'Code à copier',
  'embed.portal.snippetHint':
    'Le cadre fonctionne seul. La ligne <script> est facultative : elle ajuste la hauteur du cadre à la liste.',
  'embed.portal.copy': 'Copier le code',
  'embed.portal.copied': 'Code copié.',
  'embed.portal.preview': 'Aperçu',
  'embed.portal.previewFrame': 'Aperçu du calendrier intégré',
};

export const en: Record<keyof typeof fr, string> = {
  'embed.frame.title': 'Upcoming events — {name}',
  'embed.frame.heading': 'Upcoming events',
  'embed.frame.empty': 'No upcoming events for now.',
  'embed.frame.all': 'All of {name}’s calendar',
  'embed.frame.newTab': '(opens in a new tab)',
  'embed.frame.source': 'Parvis cultural calendar',
  'embed.frame.notFound': 'This calendar is not available.',
  'embed.nav': 'Embedding',
  'embed.portal.title': 'Embed the calendar — {name}',
  'embed.portal.heading': 'Your events on your website',
  'embed.portal.lead':
    'Copy the code below and paste it into a page of your website: your next published events show there and link to their page on Parvis. The list updates itself.',
  'embed.portal.options': 'Appearance',
  'embed.portal.theme': 'Theme',
  'embed.portal.theme.clair': 'Light',
  'embed.portal.theme.sombre': 'Dark',
  'embed.portal.accent': 'Accent colour',
  'embed.portal.accentHint':
    'Hexadecimal code, for example 1d4ed8. A colour too pale to read is used for borders only.',
  'embed.portal.count': 'Number of events',
  'embed.portal.countHint': 'From 1 to 20.',
  'embed.portal.apply': 'Update the preview and the code',
  'embed.portal.snippet': 'Code to copy',
  'embed.portal.snippetHint':
    'The frame works on its own. The <script> line is optional: it fits the frame’s height to the list.',
  'embed.portal.copy': 'Copy the code',
  'embed.portal.copied': 'Code copied.',
  'embed.portal.preview': 'Preview',
  'embed.portal.previewFrame': 'Preview of the embedded calendar',
};
