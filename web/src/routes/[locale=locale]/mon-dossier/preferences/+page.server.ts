import { fail, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { formatDate, formatDateTime } from '$lib/server/client-portal/format';
import { portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { formFailure, readForm } from '$lib/server/form';
import { type ConsentChannel, consentChannels } from '$shared/crm/client';
import { consentHistory } from '$shared/crm/consent-history';
import type { ConsentMethod } from '$shared/crm/consent-record';
import { getClientFileForClient } from '$shared/crm/get-client-file';
import { recordConsent } from '$shared/crm/record-consent';
import type { Principal } from '$shared/identity/principal';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

type How = 'self' | ConsentMethod;

/**
 * Who gave a choice, as the client reads it: their own choices in the portal are "vous"; anything
 * staff recorded says how (by phone, on paper…). Staff viewing the portal see it as the client does.
 */
function howGiven(entry: { method: ConsentMethod; actorUserId: string }, principal: Principal): How {
  if (entry.method !== 'portal') return entry.method;
  return principal.readOnly || entry.actorUserId === principal.userId ? 'self' : 'portal';
}

export const load: PageServerLoad = async (event) => {
  const scope = portalScope(event);
  const { file, timeZone } = await event.parent();
  const locale = event.locals.locale;
  const cursor = event.url.searchParams.get('historique');
  const history = await consentHistory(serverDeps(), { clientId: scope.clientId, cursor, limit: 50 });
  const latest = new Map<ConsentChannel, How>();
  for (const entry of [...history.items].reverse())
    latest.set(entry.channel, howGiven(entry, scope.principal));
  return {
    channels: consentChannels.map((channel) => {
      const state = file?.profile.consent[channel] ?? { value: 'unknown' as const };
      return {
        channel,
        value: state.value,
        since: state.at ? formatDate(state.at, locale, timeZone) : undefined,
        how: latest.get(channel),
      };
    }),
    history: history.items.map((entry) => ({
      key: `${entry.at}#${entry.channel}`,
      when: formatDateTime(entry.at, locale, timeZone),
      channel: entry.channel,
      value: entry.value,
      how: howGiven(entry, scope.principal),
      source: entry.source,
    })),
    olderHistory: history.cursor,
  };
};

export const actions: Actions = {
  /**
   * CRM-11: one decision per channel that changed, recorded in the ledger with "portal" as the way
   * it was given; a refusal is current at once (the sender reads the profile at send time). The
   * first answer must cover all three channels, and then the portal opens.
   */
  default: async (event) => {
    const scope = portalScope(event);
    const locale = event.locals.locale;
    const values = await readForm(event.request, consentChannels);
    const fields: Record<string, string> = {};
    for (const channel of consentChannels) {
      if (values[channel] !== 'granted' && values[channel] !== 'withdrawn') {
        fields[channel] = t(locale, 'clientPortal.preferences.required', {
          channel: t(locale, `clientPortal.channel.${channel}`),
        });
      }
    }
    if (Object.keys(fields).length > 0) {
      return fail(400, {
        code: 'required',
        message: t(locale, 'clientPortal.preferences.missing'),
        fields,
        values,
      });
    }
    const deps = serverDeps();
    let firstAnswer = false;
    let changed: ConsentChannel[] = [];
    try {
      const { profile } = await getClientFileForClient(deps, { clientId: scope.clientId });
      firstAnswer = profile.mustAskConsent;
      changed = consentChannels.filter(
        (channel) => firstAnswer || profile.consent[channel].value !== values[channel],
      );
      // One after the other: each decision updates the same profile item.
      for (const channel of changed) {
        await recordConsent(deps, {
          clientId: scope.clientId,
          channel,
          value: values[channel] as 'granted' | 'withdrawn',
          method: 'portal',
          actorUserId: scope.principal.userId,
        });
      }
    } catch (cause) {
      return formFailure(cause, locale, { values });
    }
    if (firstAnswer) redirect(303, `${paths.myFile(locale)}?bienvenue`);
    return { saved: changed.length > 0 };
  },
};
