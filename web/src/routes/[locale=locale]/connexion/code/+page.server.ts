import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { landingFor, safeNext } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie';
import { completeSecondFactor, SessionStepError } from '$shared/identity/second-factor';
import { t } from '$shared/templates/i18n/messages';
import { afterLogIn } from '../next-step.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * The code after the password (ROLE-03..05): only a session at the `second-factor` step is here.
 * Anyone else is sent where they belong: to log in, to enrollment, or on (already complete).
 */
function stepOrRedirect(event: Pick<RequestEvent, 'locals' | 'url'>, next: string | undefined): void {
  const { principal, locale } = event.locals;
  const carry = next ? `?suite=${encodeURIComponent(next)}` : '';
  if (!principal) redirect(303, paths.logIn(locale) + carry);
  if (principal.stage === 'full') redirect(303, next ?? landingFor(principal, locale));
  if (principal.stage === 'enroll') redirect(303, paths.enroll(locale) + carry);
}

export const load: PageServerLoad = (event) => {
  const next = safeNext(event.url.searchParams.get('suite'));
  stepOrRedirect(event, next);
  return { next: next ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const { locals, cookies } = event;
    const { locale } = locals;
    const values = await readForm(event.request, ['code', 'suite']);
    const next = safeNext(values.suite);
    stepOrRedirect(event, next);
    const labels = { code: t(locale, 'account.field.code') };
    const kept = { suite: values.suite };
    const missing = missingFields(values, labels, locale, { values: kept });
    if (missing) return missing;
    let done: Awaited<ReturnType<typeof completeSecondFactor>>;
    try {
      done = await completeSecondFactor(serverDeps(), { token: locals.sessionToken, code: values.code });
    } catch (error) {
      if (error instanceof SessionStepError) {
        // The 10 minutes between password and code are over: start again.
        clearSessionCookie(cookies);
        redirect(303, `${paths.logIn(locale)}?raison=expiree`);
      }
      return formFailure(error, locale, { values: kept, labels, codeFields: { invalid_code: 'code' } });
    }
    setSessionCookie(cookies, done.token, done.session.absoluteExpiresAt);
    // A recovery code was spent: the security page says how many are left and offers new ones.
    if (done.usedRecoveryCode)
      redirect(303, `${paths.security(locale)}?codes-restants=${done.recoveryCodesLeft}`);
    redirect(303, afterLogIn(done, locale, next));
  },
};
