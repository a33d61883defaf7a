import * as accessCodes from './catalogues/access-codes';
import * as account from './catalogues/account';
import * as calendar from './catalogues/calendar';
import * as checkout from './catalogues/checkout';
import * as clientPortal from './catalogues/client-portal';
import * as consoleArea from './catalogues/console';
import * as consoleCalendar from './catalogues/console-calendar';
import * as consolePasses from './catalogues/console-passes';
import * as embed from './catalogues/embed';
import * as entry from './catalogues/entry';
import * as forms from './catalogues/forms';
import * as orders from './catalogues/orders';
import * as ordersPortal from './catalogues/orders-portal';
import * as organization from './catalogues/organization';
import * as organizationEvents from './catalogues/organization-events';
import * as organizationProfile from './catalogues/organization-profile';
import * as passes from './catalogues/passes';
import * as search from './catalogues/search';
import * as submission from './catalogues/submission';
import * as ticketDocuments from './catalogues/ticket-documents';
import * as ticketing from './catalogues/ticketing';
import * as ticketingSetup from './catalogues/ticketing-setup';
import * as waitingList from './catalogues/waiting-list';
import type { Locale } from './locale';

/**
 * The interface's French wording, the reference catalogue (PLAT-01): every key exists here first,
 * and the English catalogue below must match it key for key. Each area's pages keep their words in
 * ./catalogues/<area>.ts, built the same way and merged here; the words of no area in particular
 * (layout, home, errors) are these.
 * Placeholders are written `{name}` and filled by `t`.
 */
const generalFr = {
  'app.tagline': 'Calendrier culturel, billetterie et portail scolaire',
  'a11y.skipToContent': 'Aller au contenu',
  'nav.label': 'Navigation principale',
  'nav.home': 'Accueil',
  'locale.label': 'Langue',
  'home.title': 'Parvis — Calendrier culturel, billetterie et portail scolaire',
  'home.description':
    'Parvis réunit la programmation culturelle de la région, la billetterie et les inscriptions des organismes, et le portail des participants aux ateliers de l’école.',
  'home.heading': 'La vie culturelle de la région, au même endroit',
  'error.status': 'Erreur {status}',
  'error.notFound.title': 'Page introuvable',
  'error.notFound.body':
    'La page demandée n’existe pas ou a été déplacée. Vérifiez l’adresse ou repartez de l’accueil.',
  'error.server.title': 'Une erreur est survenue',
  'error.server.body':
    'Nous n’avons pas pu afficher cette page. Réessayez dans quelques instants ; si le problème persiste, communiquez la référence ci-dessous à l’équipe Parvis.',
  'error.request.title': 'Demande impossible à traiter',
  'error.request.body': 'Cette demande n’a pas pu être traitée. Vérifiez l’adresse ou repartez de l’accueil.',
  'error.reference': 'Référence de l’incident\u00a0: {id}',
  'error.home': 'Retour à l’accueil',
};

type UnionToIntersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void
  ? I
  : never;

/**
 * The areas' catalogues as one object. `Object.assign`, not `{ ...a, ...b }`: V8 builds a spread of
 * a thousand keys into a growing literal one hidden class per key, about 60 ms at every cold start
 * of the web server (decision 0006), where `Object.assign` takes 3 ms.
 */
function merge<Parts extends Record<string, string>[]>(...parts: Parts): UnionToIntersection<Parts[number]> {
  return Object.assign({}, ...parts);
}

const fr = merge(
  accessCodes.fr,
  account.fr,
  calendar.fr,
  checkout.fr,
  clientPortal.fr,
  consoleArea.fr,
  consoleCalendar.fr,
  consolePasses.fr,
  forms.fr,
  orders.fr,
  ordersPortal.fr,
  organization.fr,
  organizationEvents.fr,
  organizationProfile.fr,
  passes.fr,
  embed.fr,
  entry.fr,
  submission.fr,
  search.fr,
  ticketDocuments.fr,
  ticketing.fr,
  ticketingSetup.fr,
  waitingList.fr,
  generalFr,
);

/** Keys of the catalogue; a missing or misspelt key is a compile error, not a blank on screen. */
export type MessageKey = keyof typeof fr;

/** Typed against the French keys: a missing or an extra key fails the build. */
const generalEn: Record<keyof typeof generalFr, string> = {
  'app.tagline': 'Cultural calendar, ticketing and school portal',
  'a11y.skipToContent': 'Skip to content',
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'locale.label': 'Language',
  'home.title': 'Parvis — Cultural calendar, ticketing and school portal',
  'home.description':
    'Parvis brings together the region’s cultural programme, the ticketing and registrations of its organizations, and the portal of the school’s workshop participants.',
  'home.heading': 'The region’s cultural life, in one place',
  'error.status': 'Error {status}',
  'error.notFound.title': 'Page not found',
  'error.notFound.body':
    'The page you asked for does not exist or has moved. Check the address or start again from the home page.',
  'error.server.title': 'Something went wrong',
  'error.server.body':
    'We could not display this page. Please try again in a moment; if the problem persists, give the reference below to the Parvis team.',
  'error.request.title': 'Request could not be processed',
  'error.request.body':
    'This request could not be processed. Check the address or start again from the home page.',
  'error.reference': 'Incident reference: {id}',
  'error.home': 'Back to the home page',
};

const en: Record<MessageKey, string> = merge(
  accessCodes.en,
  account.en,
  calendar.en,
  checkout.en,
  clientPortal.en,
  consoleArea.en,
  consoleCalendar.en,
  consolePasses.en,
  forms.en,
  orders.en,
  ordersPortal.en,
  organization.en,
  organizationEvents.en,
  organizationProfile.en,
  passes.en,
  embed.en,
  entry.en,
  submission.en,
  search.en,
  ticketDocuments.en,
  ticketing.en,
  ticketingSetup.en,
  waitingList.en,
  generalEn,
);

/** Both catalogues, for code that needs every language at once (tests, e-mails to choose from). */
export const messages: Record<Locale, Record<MessageKey, string>> = { fr, en };

/**
 * The one way the interface gets its words, so no French or English string is hard-coded in a
 * component. `{name}` placeholders are replaced by `params`; an unknown placeholder stays visible
 * so a forgotten parameter shows up in review instead of silently vanishing.
 */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}
