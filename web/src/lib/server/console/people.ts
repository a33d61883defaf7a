/**
 * Names for the user ids the console shows (note authors, consent recorders, audit actors): one
 * BatchGet of the accounts, the display name or else the address. Staff read these; an id whose
 * account is gone (erased) stays an id.
 */
import type { Deps } from '$shared/deps';

export async function namesOf(
  deps: Pick<Deps, 'db'>,
  userIds: Iterable<string>,
): Promise<Record<string, string>> {
  const unique = [...new Set(userIds)].filter((id) => id && id !== 'system' && id !== 'self');
  if (unique.length === 0) return {};
  const names: Record<string, string> = {};
  for (let start = 0; start < unique.length; start += 100) {
    const { data } = await deps.db.identity.entities.account
      .get(unique.slice(start, start + 100).map((userId) => ({ userId })))
      .go({ attributes: ['userId', 'displayName', 'email'] });
    for (const account of data) names[account.userId] = account.displayName || account.email;
  }
  return names;
}
