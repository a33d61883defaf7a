import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { landingFor, safeNext } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { clearSessionCookie } from '$lib/server/session-cookie';
import { beginTotpEnrollment, confirmTotpEnrollment, SessionStepError } from '$shared/identity/second-factor';
import { t } from '$shared/templates/i18n/messages';
import { adoptSession } from '../next-step.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * Staff enrollment at log-in (ROLE-05): a staff password log-in without a second factor opens only
 * this page. Others set the factor up from the security page; a session at the code step goes there.
 */
function guard(event: Pick<RequestEvent, 'locals'>, next: string | undefined) {
  const { principal, locale } = event.locals;
  const carry = next ? `?suite=${encodeURIComponent(next)}` : '';
  if (!principal) redirect(303, paths.logIn(locale) + carry);
  if (principal.stage === 'second-factor') redirect(303, paths.secondFactor(locale) + carry);
  return principal;
}

export const load: PageServerLoad = async (event) => {
  const { locals, cookies } = event;
  const next = safeNext(event.url.searchParams.get('suite'));
  const principal = guard(event, next);
  const continueTo = next ?? landingFor(principal, locals.locale);
  if (principal.stage === 'full') {
    // Just enrolled (this page again after the action): the codes are in the action's data.
    if (principal.hasSecondFactor) return { enrolled: true as const, next: next ?? '', continueTo };
    redirect(303, paths.security(locals.locale));
  }
  try {
    const enrollment = await beginTotpEnrollment(serverDeps(), {
      token: locals.sessionToken,
      issuer: 'Parvis',
      locale: locals.locale,
    });
    return {
      enrolled: false as const,
      next: next ?? '',
      continueTo,
      qrSvg: enrollment.qrSvg,
      secretForDisplay: enrollment.secretForDisplay,
    };
  } catch (error) {
    if (!(error instanceof SessionStepError)) throw error;
    clearSessionCookie(cookies);
    redirect(303, `${paths.logIn(locals.locale)}?raison=expiree`);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const { locals, cookies } = event;
    const { locale } = locals;
    const values = await readForm(event.request, ['code', 'suite']);
    const next = safeNext(values.suite);
    const principal = guard(event, next);
    const labels = { code: t(locale, 'account.field.totpCode') };
    const kept = { suite: values.suite };
    const missing = missingFields(values, labels, locale, { values: kept });
    if (missing) return missing;
    let confirmed: Awaited<ReturnType<typeof confirmTotpEnrollment>>;
    try {
      confirmed = await confirmTotpEnrollment(serverDeps(), {
        token: locals.sessionToken,
        code: values.code,
      });
    } catch (error) {
      if (error instanceof SessionStepError) {
        clearSessionCookie(cookies);
        redirect(303, `${paths.logIn(locale)}?raison=expiree`);
      }
      return formFailure(error, locale, { values: kept, labels, codeFields: { invalid_code: 'code' } });
    }
    const now = confirmed.session ? adoptSession(event, confirmed.session) : principal;
    return {
      recoveryCodes: confirmed.recoveryCodes,
      email: principal.email,
      continueTo: next ?? (now ? landingFor(now, locale) : paths.home(locale)),
    };
  },
};
