/**
 * Who may reach what (ROLE-01..06). Every protected load and action starts with one of these; the
 * role and the organization come from the session resolved in hooks.server.ts, never from the
 * request. Anonymous visitors are sent to the log-in page (303, coming back afterwards); a
 * logged-in user without the role gets 403. web/tests/access-matrix.test.ts checks every route.
 */
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { clientScope, type Principal } from '$shared/identity/principal';
import type { Locale } from '$shared/templates/i18n/locale';

type Event = Pick<RequestEvent, 'locals' | 'url'>;

const forbidden: Record<Locale, string> = {
  fr: 'Vous n’avez pas accès à cette page.',
  en: 'You do not have access to this page.',
};

/** A logged-in user whose every factor is proven; anyone else goes to the step they owe. */
export function requireUser(event: Event): Principal {
  const { principal, locale } = event.locals;
  if (!principal) {
    const back = event.url.pathname + event.url.search;
    redirect(303, `${paths.logIn(locale)}?suite=${encodeURIComponent(back)}`);
  }
  if (principal.stage === 'second-factor') redirect(303, paths.secondFactor(locale));
  if (principal.stage === 'enroll') redirect(303, paths.enroll(locale));
  return principal;
}

export function deny(event: Event): never {
  error(403, forbidden[event.locals.locale]);
}

/**
 * The client portal ("Mon dossier"): the user's own file, or, for staff using "Se connecter en
 * tant que…", the client's file they are viewing (read-only, enforced in hooks.server.ts).
 */
export function requireClient(event: Event): { principal: Principal; clientId: string } {
  const principal = requireUser(event);
  const clientId = clientScope(principal);
  if (!clientId) deny(event);
  return { principal, clientId };
}

/** The staff console (ROLE-05). Not while viewing a client's portal: that ends first. */
export function requireStaff(event: Event): Principal {
  const principal = requireUser(event);
  if (!principal.staff || principal.readOnly) deny(event);
  return principal;
}

export function requireTrainer(event: Event): Principal {
  const principal = requireUser(event);
  if (!(principal.trainer || principal.staff) || principal.readOnly) deny(event);
  return principal;
}

/**
 * The organization portal (ROLE-03, ORG-*): the organization is one of the session's memberships,
 * chosen by `?organisme=` among them only when the user belongs to several. `roles` limits who may
 * enter (a chat moderator only moderates).
 */
export function requireOrganization(
  event: Event,
  roles: readonly ('organisme' | 'moderator')[] = ['organisme'],
): { principal: Principal; orgId: string; role: 'organisme' | 'moderator' } {
  const principal = requireUser(event);
  const allowed = principal.organizations.filter((entry) => roles.includes(entry.role));
  const wanted = event.url.searchParams.get('organisme');
  const chosen = wanted ? allowed.find((entry) => entry.orgId === wanted) : allowed[0];
  if (!chosen || principal.readOnly) deny(event);
  return { principal, orgId: chosen.orgId, role: chosen.role };
}

/** Where a user lands after logging in, when no page asked for it. */
export function landingFor(principal: Principal, locale: Locale): string {
  if (principal.staff) return paths.console(locale);
  if (principal.organizations.some((entry) => entry.role === 'organisme')) return paths.organization(locale);
  if (principal.clientId) return paths.myFile(locale);
  if (principal.trainer) return paths.trainer(locale);
  return paths.home(locale);
}

/** A `suite` (next) parameter is followed only to a path of this site, never elsewhere. */
export function safeNext(next: string | null): string | undefined {
  if (!next || next.length > 512) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return next;
}
