/**
 * TIX-13: the public « Code d'accès » page of an online event (`/<locale>/acces/<eventId>`) and
 * the organizer's « Réinitialiser le code » action, thin over shared/orders/access-codes.ts.
 * The viewer's device is a random id in an HttpOnly, Secure, SameSite=Lax cookie, made on the
 * first visit and kept 400 days (the longest a browser keeps one); the page names what a viewer
 * typed and is never kept by any cache (`no-store`).
 */
import { randomBytes } from 'node:crypto';
import { type Cookies, error, type RequestEvent } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, pageFailure, readForm } from '$lib/server/form';
import { orgActor } from '$lib/server/organization/event-actions';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import {
  accessPageEvent,
  accessPolicy,
  enterAccessCode,
  requestAccessHelp,
  resetAccessCode,
} from '$shared/orders/access-codes';
import { t } from '$shared/templates/i18n/messages';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

export const DEVICE_COOKIE = 'parvis_device';
const deviceDays = 400;
const noStore = 'private, no-store';

/** The viewer's device id: the cookie's, or a new one set now (256 random bits). */
export function deviceIdOf(cookies: Cookies): string {
  const current = cookies.get(DEVICE_COOKIE);
  if (current && /^[A-Za-z0-9_-]{43}$/.test(current)) return current;
  const made = randomBytes(32).toString('base64url');
  cookies.set(DEVICE_COOKIE, made, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: deviceDays * 86_400,
  });
  return made;
}

/**
 * The access page's event (404 unless it is a published online event). The load sets `no-store`
 * for every rendering, an action's included (a POST answer is never cached; setting the header in
 * the action too would be setting it twice, which SvelteKit refuses).
 */
export async function loadAccessPage(event: Event) {
  event.setHeaders({ 'cache-control': noStore });
  deviceIdOf(event.cookies);
  const { locale } = event.locals;
  try {
    const found = await accessPageEvent(serverDeps(), String(event.params.eventId ?? ''));
    return {
      locale,
      event: found,
      messageMax: accessPolicy.helpMessageMax,
    };
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'error.notFound.title'));
    }
    throw cause;
  }
}

/** « Accéder à la diffusion »: the code typed; granted → the page shows the broadcast's link. */
export async function enterCodeForm(event: Event) {
  const { locale } = event.locals;
  const values = await readForm(event.request, ['code']);
  const labels = { code: t(locale, 'accessCodes.code.label') };
  const missing = missingFields(values, labels, locale, { form: 'enter', values });
  if (missing) return missing;
  try {
    const granted = await enterAccessCode(serverDeps(), {
      eventId: String(event.params.eventId ?? ''),
      code: values.code,
      deviceId: deviceIdOf(event.cookies),
      address: event.getClientAddress(),
    });
    return { form: 'enter' as const, granted };
  } catch (cause) {
    return formFailure(cause, locale, { form: 'enter', values, labels, codeFields: codeField });
  }
}

const codeField: Record<string, string> = {
  access_code_format: 'code',
  access_code_unknown: 'code',
  access_code_cancelled: 'code',
  access_code_in_use: 'code',
  too_many_codes: 'code',
};

const helpNames = ['helpName', 'helpEmail', 'helpCode', 'helpMessage'] as const;

/** « Assistance technique »: staff and the organization are written to. */
export async function helpForm(event: Event) {
  const { locale } = event.locals;
  const values = await readForm(event.request, helpNames);
  const labels = {
    helpName: t(locale, 'accessCodes.help.name'),
    helpEmail: t(locale, 'accessCodes.help.email'),
  };
  const missing = missingFields(values, labels, locale, { form: 'help', values });
  if (missing) return missing;
  if (values.helpMessage.length > accessPolicy.helpMessageMax) {
    const message = t(locale, 'form.tooLong', { label: t(locale, 'accessCodes.help.message') });
    return pageFailure(400, 'too_long', message, { form: 'help', values, fields: { helpMessage: message } });
  }
  try {
    await requestAccessHelp(serverDeps(), {
      eventId: String(event.params.eventId ?? ''),
      name: values.helpName,
      email: values.helpEmail,
      ...(values.helpCode.trim() ? { code: values.helpCode } : {}),
      ...(values.helpMessage.trim() ? { message: values.helpMessage } : {}),
      address: event.getClientAddress(),
    });
  } catch (cause) {
    return formFailure(cause, locale, {
      form: 'help',
      values,
      labels: { ...labels, helpCode: t(locale, 'accessCodes.help.code') },
      paths: { name: 'helpName', email: 'helpEmail', code: 'helpCode', message: 'helpMessage' },
    });
  }
  return { form: 'help' as const, helpSent: values.helpEmail.trim() };
}

/**
 * TIX-13 « Créer un code » / « Réinitialiser le code » on the organizer's order page (TIX-14): the
 * form posts `ticketId` to a named action of that page; the order is the URL's `orderId`, the
 * organization the session's (another's order answers « introuvable »). Returns what the page
 * shows: `{ form: 'accessCode', reset: { ticketId, code } }`, or the usual `fail()`.
 */
export async function resetAccessCodeAction(event: Event) {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const values = await readForm(event.request, ['ticketId']);
  try {
    const reset = await resetAccessCode(serverDeps(), actor, {
      orderId: String(event.params.orderId ?? ''),
      ticketId: values.ticketId,
    });
    return {
      form: 'accessCode' as const,
      reset: { ticketId: reset.ticketId, code: reset.code },
      message: t(locale, 'accessCodes.reset.done', { code: reset.code }),
    };
  } catch (cause) {
    return formFailure(cause, locale, { form: 'accessCode', values });
  }
}
