import { requireStaff } from '$lib/server/access';
import { pageOf, staffActor } from '$lib/server/console/calendar-console';
import { serverDeps } from '$lib/server/deps';
import { publishedEventsForStaff, reviewQueue } from '$shared/calendar/console-review';
import type { PageServerLoad } from './$types';

/** ORG-07, ORG-09: the approval queue first, then the published events staff may flag. */
export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  const deps = serverDeps();
  const actor = staffActor(principal);
  const { searchParams } = event.url;
  const [queue, published] = await Promise.all([
    pageOf(searchParams.get('file'), (cursor) => reviewQueue(deps, { actor, cursor })),
    pageOf(searchParams.get('publies'), (cursor) => publishedEventsForStaff(deps, { actor, cursor })),
  ]);
  return {
    queue: queue.items.map(({ event: item, organizationName, note }) => ({
      eventId: item.eventId,
      title: item.title,
      organizationName,
      note,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      timeZone: item.timeZone,
      showTime: item.showTime,
      submittedAt: item.submittedAt,
      publicSubmission: item.publicSubmission,
    })),
    queueCursor: queue.cursor,
    published: published.events.map((item) => ({
      eventId: item.eventId,
      title: item.title,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      timeZone: item.timeZone,
      showTime: item.showTime,
      featured: item.featured,
      bigEvent: item.bigEvent,
    })),
    publishedCursor: published.cursor,
  };
};
