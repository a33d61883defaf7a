/**
 * ROLE-05: a member's lost second factor, reset from a console member list (« Personnel et
 * formateurs », an organization's users): the action both pages share. The use case writes its
 * own audit entry and ends the person's sessions.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { formFailure, readForm } from '$lib/server/form';
import { resetSecondFactor } from '$shared/identity/second-factor';
import { requireStaff } from '../access';

export async function resetSecondFactorAction(event: RequestEvent) {
  const principal = requireStaff(event);
  const values = await readForm(event.request, ['userId']);
  const form = `member-${values.userId}`;
  try {
    const { reset } = await resetSecondFactor(serverDeps(), {
      userId: values.userId,
      actorUserId: principal.userId,
    });
    return { form, done: reset ? 'secondFactorReset' : 'noSecondFactor' };
  } catch (cause) {
    return formFailure(cause, event.locals.locale, { form });
  }
}
