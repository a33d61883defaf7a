import type { Locale } from '$shared/templates/i18n/locale';

/**
 * Every account and portal URL, in one place: pages link with these, the guards redirect with
 * them, and the access matrix (web/tests/access-matrix.test.ts) knows them. Segments are French in
 * both languages (the locale prefix says the language); names here are English.
 */
export const paths = {
  home: (l: Locale) => `/${l}`,
  logIn: (l: Locale) => `/${l}/connexion`,
  secondFactor: (l: Locale) => `/${l}/connexion/code`,
  enroll: (l: Locale) => `/${l}/connexion/double-authentification`,
  logOut: (l: Locale) => `/${l}/deconnexion`,
  signUp: (l: Locale) => `/${l}/inscription`,
  signUpInbox: (l: Locale) => `/${l}/inscription/courriel-envoye`,
  alreadyClient: (l: Locale) => `/${l}/inscription/deja-client`,
  forgotPassword: (l: Locale) => `/${l}/mot-de-passe-oublie`,
  activate: (l: Locale) => `/${l}/compte/activer`,
  verifyEmail: (l: Locale) => `/${l}/compte/verifier`,
  resetPassword: (l: Locale) => `/${l}/compte/reinitialiser`,
  security: (l: Locale) => `/${l}/compte/securite`,
  myFile: (l: Locale) => `/${l}/mon-dossier`,
  myFileContact: (l: Locale) => `/${l}/mon-dossier/coordonnees`,
  myFilePreferences: (l: Locale) => `/${l}/mon-dossier/preferences`,
  myFileDocuments: (l: Locale) => `/${l}/mon-dossier/documents`,
  /** Where S3 sends the browser back after a direct upload (CRM-10); it confirms the document. */
  myFileDocumentReceived: (l: Locale) => `/${l}/mon-dossier/documents/recu`,
  myFileDocument: (l: Locale, docId: string, at: string) =>
    `/${l}/mon-dossier/documents/${encodeURIComponent(docId)}?at=${encodeURIComponent(at)}`,
  myFileRegistrations: (l: Locale) => `/${l}/mon-dossier/inscriptions`,
  myFileWorkshops: (l: Locale) => `/${l}/mon-dossier/ateliers`,
  myFileInvoices: (l: Locale) => `/${l}/mon-dossier/factures`,
  myFileWithdrawal: (l: Locale) => `/${l}/mon-dossier/retrait`,
  console: (l: Locale) => `/${l}/console`,
  consoleClient: (l: Locale, clientId: string) => `/${l}/console/clients/${encodeURIComponent(clientId)}`,
  endImpersonation: (l: Locale) => `/${l}/console/emprunt/fin`,
  consoleNewClient: (l: Locale) => `/${l}/console/clients/nouveau`,
  consoleClientEmails: (l: Locale, clientId: string) =>
    `/${l}/console/clients/${encodeURIComponent(clientId)}/courriels`,
  consoleClientDocument: (l: Locale, clientId: string, docId: string, at: string) =>
    `/${l}/console/clients/${encodeURIComponent(clientId)}/documents/${encodeURIComponent(docId)}?at=${encodeURIComponent(at)}`,
  consoleDocumentReceived: (l: Locale, clientId: string) =>
    `/${l}/console/clients/${encodeURIComponent(clientId)}/documents/recu`,
  consoleOrganizations: (l: Locale) => `/${l}/console/organismes`,
  consoleOrganization: (l: Locale, orgId: string) => `/${l}/console/organismes/${encodeURIComponent(orgId)}`,
  consoleStaff: (l: Locale) => `/${l}/console/personnel`,
  consoleTemplates: (l: Locale) => `/${l}/console/modeles`,
  consoleTemplate: (l: Locale, key: string, locale: Locale) =>
    `/${l}/console/modeles/${encodeURIComponent(key)}/${locale}`,
  consoleTemplatePreview: (l: Locale, key: string, locale: Locale) =>
    `/${l}/console/modeles/${encodeURIComponent(key)}/${locale}/apercu`,
  consoleAudit: (l: Locale) => `/${l}/console/journal`,
  organization: (l: Locale) => `/${l}/organisme`,
  organizationUsers: (l: Locale) => `/${l}/organisme/utilisateurs`,
  trainer: (l: Locale) => `/${l}/formateur`,
  // --- The public calendar (CAL-*) ---
  /** CAL-01: an event's sheet at its current address (a former one answers 301 to it). */
  eventSheet: (l: Locale, slug: string) => `/${l}/evenements/${encodeURIComponent(slug)}`,
  /** CAL-10: an event's .ics (every date), « Ajouter à mon agenda ». */
  eventIcs: (l: Locale, slug: string) => `/${l}/evenements/${encodeURIComponent(slug)}/agenda.ics`,
  /** CAL-10: the subscribable feeds of a filter; `query` is calendarQueryString's (`?…` or ''). */
  calendarIcs: (l: Locale, query = '') => `/${l}/calendrier.ics${query}`,
  calendarRss: (l: Locale, query = '') => `/${l}/calendrier.rss${query}`,
  /** CAL-06: every public page for search engines. */
  sitemap: () => '/sitemap.xml',
  // --- The organization portal's events (ORG-04..07) ---
  /** ORG-04: « Mes événements ». */
  organizationEvents: (l: Locale) => `/${l}/organisme/evenements`,
  /** ORG-05: a new event's form. */
  organizationNewEvent: (l: Locale) => `/${l}/organisme/evenements/nouveau`,
  /** ORG-05: an event's form (shared/calendar/approval.ts `approvalLinks.form` links here too). */
  organizationEvent: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}`,
  /** ORG-06: an event's image, its check and its crops. */
  organizationEventImage: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/image`,
  /** ORG-05: the event as the public will see it, drafts included. */
  organizationEventPreview: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/apercu`,
  /** TIX-01..03: an event's « Billetterie » tab: settings and ticket categories. */
  organizationEventTicketing: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie`,
  /** TIX-02: a new ticket category of the event. */
  organizationNewTicketType: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/categories/nouvelle`,
  /** TIX-02, TIX-03: a ticket category's form. */
  organizationTicketType: (l: Locale, eventId: string, ticketTypeId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/categories/${encodeURIComponent(ticketTypeId)}`,
  /** TIX-03: the confirmation step of withdrawing a category from sale. */
  organizationWithdrawTicketType: (l: Locale, eventId: string, ticketTypeId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/categories/${encodeURIComponent(ticketTypeId)}/retirer`,
  // --- Promo codes, payment accounts, the public menu (TIX-07, TIX-01, CAL-08) ---
  /** TIX-07: an event's promo codes. */
  organizationPromoCodes: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/codes-promo`,
  organizationNewPromoCode: (l: Locale, eventId: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/codes-promo/nouveau`,
  organizationPromoCode: (l: Locale, eventId: string, code: string) =>
    `/${l}/organisme/evenements/${encodeURIComponent(eventId)}/billetterie/codes-promo/${encodeURIComponent(code)}`,
  /** TIX-01: the organization's payment accounts. */
  organizationPayments: (l: Locale) => `/${l}/organisme/paiements`,
  /** TIX-01, ORG-09: staff activate or suspend payment accounts. */
  consolePayments: (l: Locale) => `/${l}/console/paiements`,
  /** TIX-08: staff's passes, a new pass, one pass (its form and its price tiers). */
  consolePasses: (l: Locale) => `/${l}/console/passes`,
  consoleNewPass: (l: Locale) => `/${l}/console/passes/nouvelle`,
  consolePass: (l: Locale, passId: string) => `/${l}/console/passes/${encodeURIComponent(passId)}`,
  /** TIX-08: a pass's theme image (upload and crops, as an event's). */
  consolePassImage: (l: Locale, passId: string) => `/${l}/console/passes/${encodeURIComponent(passId)}/image`,
  /** TIX-08: a pass's price categories (ticket types of the pass), added, changed, withdrawn by staff. */
  consoleNewPassCategory: (l: Locale, passId: string) =>
    `/${l}/console/passes/${encodeURIComponent(passId)}/categories/nouvelle`,
  consolePassCategory: (l: Locale, passId: string, ticketTypeId: string) =>
    `/${l}/console/passes/${encodeURIComponent(passId)}/categories/${encodeURIComponent(ticketTypeId)}`,
  consoleWithdrawPassCategory: (l: Locale, passId: string, ticketTypeId: string) =>
    `/${l}/console/passes/${encodeURIComponent(passId)}/categories/${encodeURIComponent(ticketTypeId)}/retirer`,
  /** TIX-08, CAL-08: the « Passes » tab and a pass's page (with its buying form). */
  passes: (l: Locale) => `/${l}/passes`,
  pass: (l: Locale, passId: string) => `/${l}/passes/${encodeURIComponent(passId)}`,
  /** CAL-08: « Billetterie / Inscriptions ». */
  ticketingMenu: (l: Locale) => `/${l}/billetterie`,
  /** TIX-12: the door-scanning app of an event (« Contrôle des billets »). */
  doorScanner: (l: Locale, eventId: string) => `/${l}/organisme/portes/${encodeURIComponent(eventId)}`,
  /** TIX-12: an event's scan history and its conflicts. */
  doorHistory: (l: Locale, eventId: string) =>
    `/${l}/organisme/portes/${encodeURIComponent(eventId)}/historique`,
  // --- The staff console's calendar (ORG-09) ---
  consoleEvents: (l: Locale) => `/${l}/console/evenements`,
  /** The link of the « événement soumis » e-mail (shared/calendar/approval.ts `approvalLinks.queue`). */
  consoleApprovalQueue: (l: Locale) => `/${l}/console/evenements/a-approuver`,
  consoleEvent: (l: Locale, eventId: string) => `/${l}/console/evenements/${encodeURIComponent(eventId)}`,
  consoleVenues: (l: Locale) => `/${l}/console/lieux`,
  consoleVenue: (l: Locale, venueId: string) => `/${l}/console/lieux?modifier=${encodeURIComponent(venueId)}`,
  /** `kind`: categories (default), clienteles, types-exposition; `termId`: the term being renamed. */
  consoleTerms: (l: Locale, kind?: string, termId?: string) =>
    `/${l}/console/categories${kind ? `?liste=${encodeURIComponent(kind)}` : ''}${kind && termId ? `&modifier=${encodeURIComponent(termId)}` : ''}`,
  // --- Search (CAL-10) ---
  /** CAL-10: full-text search of the public calendar; `q` the words (none: the form alone). */
  search: (l: Locale, q?: string) => `/${l}/recherche${q ? `?q=${encodeURIComponent(q)}` : ''}`,
  // --- Submission and embedding (CAL-07) ---
  /** CAL-07: « Soumettre un événement », the public form. */
  submitEvent: (l: Locale) => `/${l}/soumettre-un-evenement`,
  /** CAL-07: after a submission. */
  submitEventThanks: (l: Locale) => `/${l}/soumettre-un-evenement/merci`,
  /** Issue #12: an organization's embeddable calendar; `query` is embedQueryString's (`?…` or ''). */
  embedCalendar: (l: Locale, orgId: string, query = '') =>
    `/${l}/integration/${encodeURIComponent(orgId)}${query}`,
  /** Issue #12: the script that sizes the frame to its content (web/static). */
  embedScript: () => '/integration.js',
  /** Issue #12: the portal's page with the snippet to paste. */
  organizationEmbed: (l: Locale) => `/${l}/organisme/integration`,
  // --- Organization profile and checkboxes (ORG-03, ORG-09) ---
  /** ORG-03: the portal's « Profil » tab. */
  organizationProfile: (l: Locale) => `/${l}/organisme/profil`,
  /** ORG-09, TIX-05: the console's organization page, its custom checkboxes' section (`checkboxId`: the one being edited). */
  consoleOrganizationCheckboxes: (l: Locale, orgId: string, checkboxId?: string) =>
    `/${l}/console/organismes/${encodeURIComponent(orgId)}${checkboxId ? `?case=${encodeURIComponent(checkboxId)}` : ''}#cases`,
  // --- Buying and registering (TIX-04..11) ---
  /** TIX-09: an event's checkout (« Acheter des billets » / « S'inscrire »). */
  eventCheckout: (l: Locale, slug: string) => `/${l}/evenements/${encodeURIComponent(slug)}/billets`,
  /** TIX-15: a sold-out category's waiting list (its page is the waiting list's). */
  eventWaitingList: (l: Locale, slug: string) => `/${l}/evenements/${encodeURIComponent(slug)}/liste-attente`,
  /**
   * TIX-09, TIX-10: the buyer's order page; `key` is the buyer's access token (shared/orders
   * start-checkout.ts `checkoutReturnUrls` and order-emails.ts `buyerOrderUrl` build the same path).
   */
  buyerOrder: (l: Locale, orderId: string, key?: string) =>
    `/${l}/commandes/${encodeURIComponent(orderId)}${key ? `?cle=${encodeURIComponent(key)}` : ''}`,
  /** TIX-11: the one-step cancellation of a free registration (send-order-documents.ts `buyerCancelUrl`). */
  buyerCancel: (l: Locale, orderId: string, key?: string) =>
    `/${l}/commandes/${encodeURIComponent(orderId)}/annuler${key ? `?cle=${encodeURIComponent(key)}` : ''}`,
  /** TIX-10: the order's receipt (`recu`) or tickets (`billets`) PDF, behind the buyer's key. */
  buyerOrderDocument: (l: Locale, orderId: string, kind: 'recu' | 'billets', key?: string) =>
    `/${l}/commandes/${encodeURIComponent(orderId)}/documents/${kind}${key ? `?cle=${encodeURIComponent(key)}` : ''}`,
  // --- The organization portal's orders (TIX-14, REP-04) ---
  /** TIX-14: « Commandes »; `query` is the list's own (`?du=…&au=…`, or ''). */
  organizationOrders: (l: Locale, query = '') => `/${l}/organisme/commandes${query}`,
  /** TIX-14: an order's detail (« facture »). */
  organizationOrder: (l: Locale, orderId: string) =>
    `/${l}/organisme/commandes/${encodeURIComponent(orderId)}`,
  /** TIX-14: « Rembourser », with its confirmation step. */
  organizationOrderRefund: (l: Locale, orderId: string) =>
    `/${l}/organisme/commandes/${encodeURIComponent(orderId)}/rembourser`,
  /** TIX-14: « Annuler la commande et ses billets », its confirmation page. */
  organizationOrderCancel: (l: Locale, orderId: string) =>
    `/${l}/organisme/commandes/${encodeURIComponent(orderId)}/annuler`,
  /** REP-04: the order's receipt (`recu`) or tickets (`billets`) PDF. */
  organizationOrderDocument: (l: Locale, orderId: string, kind: 'recu' | 'billets') =>
    `/${l}/organisme/commandes/${encodeURIComponent(orderId)}/documents/${kind}`,
} as const;
