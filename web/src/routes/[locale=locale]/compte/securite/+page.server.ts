import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { deny, requireUser } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, pageFailure, readForm } from '$lib/server/form';
import { clearSessionCookie } from '$lib/server/session-cookie';
import { changePassword, getSecurityOverview } from '$shared/identity/account-security';
import { passwordMinCharacters } from '$shared/identity/password';
import {
  beginTotpEnrollment,
  confirmTotpEnrollment,
  disableTotp,
  regenerateRecoveryCodes,
  SecondFactorRequiredError,
  SessionStepError,
} from '$shared/identity/second-factor';
import { logOutEverywhere } from '$shared/identity/sessions';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { adoptSession } from '../../connexion/next-step.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * "Sécurité du compte" (ROLE-02..05), for anyone logged in: the password, the second factor and
 * the sessions. Staff viewing a client's portal (CRM-09) see it but act on nothing: their own
 * account is not what they are viewing, and hooks.server.ts refuses every write meanwhile.
 */
export const load: PageServerLoad = async (event) => {
  const principal = requireUser(event);
  const { locale } = event.locals;
  const left = Number.parseInt(event.url.searchParams.get('codes-restants') ?? '', 10);
  const base = {
    email: principal.email,
    passwordMin: passwordMinCharacters,
    recoveryCodesLeftNotice: Number.isInteger(left) && left >= 0 && left <= 10 ? left : undefined,
  };
  if (principal.readOnly) return { ...base, readOnly: true as const };
  try {
    const overview = await getSecurityOverview(serverDeps(), { token: event.locals.sessionToken });
    return { ...base, readOnly: false as const, overview };
  } catch (error) {
    if (!(error instanceof SessionStepError)) throw error;
    clearSessionCookie(event.cookies);
    redirect(303, `${paths.logIn(locale)}?raison=expiree`);
  }
};

/** Every action: a full session of the user's own (not a read-only view). */
function owner(event: RequestEvent) {
  const principal = requireUser(event);
  if (principal.readOnly) deny(event);
  return principal;
}

function expired(event: RequestEvent, locale: Locale): never {
  clearSessionCookie(event.cookies);
  redirect(303, `${paths.logIn(locale)}?raison=expiree`);
}

async function enrollment(event: RequestEvent) {
  const { qrSvg, secretForDisplay } = await beginTotpEnrollment(serverDeps(), {
    token: event.locals.sessionToken,
    issuer: 'Parvis',
    locale: event.locals.locale,
  });
  return { qrSvg, secretForDisplay };
}

export const actions: Actions = {
  /** Current + new password; the other sessions end, this one continues under a new token. */
  changePassword: async (event) => {
    owner(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['currentPassword', 'newPassword']);
    const labels = {
      currentPassword: t(locale, 'account.field.currentPassword'),
      newPassword: t(locale, 'account.field.newPassword'),
    };
    const missing = missingFields(values, labels, locale, { form: 'password', values: {} });
    if (missing) return missing;
    try {
      const changed = await changePassword(serverDeps(), {
        token: event.locals.sessionToken,
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
        locale,
      });
      adoptSession(event, changed);
    } catch (error) {
      if (error instanceof SessionStepError) expired(event, locale);
      return formFailure(error, locale, {
        form: 'password',
        labels,
        paths: { password: 'newPassword' },
        codeFields: { wrong_current_password: 'currentPassword' },
      });
    }
    return { form: 'password', done: 'passwordChanged' as const };
  },

  /** Shows the QR code of a new secret, kept in the session until a code confirms it. */
  beginTotp: async (event) => {
    const principal = owner(event);
    const { locale } = event.locals;
    if (principal.hasSecondFactor) {
      return pageFailure(409, 'already_enabled', t(locale, 'account.totp.enabled'), { form: 'totp' });
    }
    try {
      return { form: 'totp', enrollment: await enrollment(event) };
    } catch (error) {
      if (error instanceof SessionStepError) expired(event, locale);
      throw error;
    }
  },

  /** The first code from the app turns the factor on; the recovery codes are shown once. */
  confirmTotp: async (event) => {
    const principal = owner(event);
    const { locale } = event.locals;
    if (principal.hasSecondFactor) {
      return pageFailure(409, 'already_enabled', t(locale, 'account.totp.enabled'), { form: 'totp' });
    }
    const values = await readForm(event.request, ['code']);
    const labels = { code: t(locale, 'account.field.totpCode') };
    let setup: Awaited<ReturnType<typeof enrollment>>;
    try {
      // The same secret as on screen (the session keeps it): the form is shown again on a failure.
      setup = await enrollment(event);
    } catch (error) {
      if (error instanceof SessionStepError) expired(event, locale);
      throw error;
    }
    const missing = missingFields(values, labels, locale, { form: 'totp', extra: { enrollment: setup } });
    if (missing) return missing;
    try {
      const confirmed = await confirmTotpEnrollment(serverDeps(), {
        token: event.locals.sessionToken,
        code: values.code,
      });
      return { form: 'totp', recoveryCodes: confirmed.recoveryCodes };
    } catch (error) {
      if (error instanceof SessionStepError) {
        // The session lives (hooks resolved it): the secret on screen is gone (enrolled elsewhere).
        return pageFailure(409, 'enrollment_restart', t(locale, 'account.security.enrollRestart'), {
          form: 'totp',
        });
      }
      return formFailure(error, locale, {
        form: 'totp',
        labels,
        codeFields: { invalid_code: 'code' },
        extra: { enrollment: setup },
      });
    }
  },

  /** Ten new recovery codes; the old ones stop working. */
  regenerateCodes: async (event) => {
    const principal = owner(event);
    const { locale } = event.locals;
    if (!principal.hasSecondFactor) {
      return pageFailure(409, 'not_enabled', t(locale, 'account.security.disabled'), { form: 'codes' });
    }
    try {
      const { recoveryCodes } = await regenerateRecoveryCodes(serverDeps(), {
        token: event.locals.sessionToken,
      });
      return { form: 'codes', recoveryCodes };
    } catch (error) {
      if (error instanceof SessionStepError) expired(event, locale);
      throw error;
    }
  },

  /** Members, trainers and clients may turn the factor off; staff may not (ROLE-05). */
  disableTotp: async (event) => {
    const principal = owner(event);
    const { locale } = event.locals;
    if (principal.staff) {
      const message = new SecondFactorRequiredError().userMessage[locale];
      return pageFailure(409, 'second_factor_required', message, { form: 'totp' });
    }
    try {
      await disableTotp(serverDeps(), { token: event.locals.sessionToken });
    } catch (error) {
      if (error instanceof SessionStepError) expired(event, locale);
      return formFailure(error, locale, { form: 'totp' });
    }
    return { form: 'totp', done: 'totpDisabled' as const };
  },

  /** Every session of the account ends, this one too: back to the log-in page. */
  logOutEverywhere: async (event) => {
    const principal = owner(event);
    await logOutEverywhere(serverDeps(), { userId: principal.userId });
    clearSessionCookie(event.cookies);
    event.locals.principal = null;
    event.locals.sessionToken = undefined;
    redirect(303, `${paths.logIn(event.locals.locale)}?raison=partout`);
  },
};
