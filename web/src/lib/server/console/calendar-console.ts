/**
 * What the console's calendar pages share on the server (ORG-07, ORG-09): the staff actor the
 * calendar use cases take, and a list page read from a cursor in the URL.
 */

import { platformOrgId } from '$shared/identity/membership';
import type { Principal } from '$shared/identity/principal';

/** Staff act for the platform; the calendar's decisions check `staff`, never the organization. */
export function staffActor(principal: Principal) {
  return { userId: principal.userId, orgId: platformOrgId, staff: true };
}

const maxCursorLength = 1000;

/**
 * One page of a list from the cursor the URL carries. A cursor that is not one (typed, cut, or from
 * an older version) gives the first page instead of an error.
 */
export async function pageOf<T>(raw: string | null, read: (cursor?: string) => Promise<T>): Promise<T> {
  const cursor = raw && raw.length <= maxCursorLength ? raw : undefined;
  if (!cursor) return read();
  try {
    return await read(cursor);
  } catch {
    return read();
  }
}
