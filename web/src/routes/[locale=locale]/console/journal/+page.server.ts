import { requireStaff } from '$lib/server/access';
import { readTrail } from '$lib/server/console/cursor-trail';
import { namesOf } from '$lib/server/console/people';
import { serverDeps } from '$lib/server/deps';
import { listAudit } from '$shared/identity/audit';
import { listOrganizations } from '$shared/identity/members';
import { platformOrgId } from '$shared/identity/membership';
import { emailTemplate, isEmailTemplateId } from '$shared/templates/email';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

function shiftMonth(month: string, by: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, index - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/**
 * PLAT-02: the audit log, read-only, newest first, one month at a time (the index's partition),
 * 50 entries a page. Entries hold ids only; names are looked up for display.
 */
export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const { locale } = event.locals;
  const deps = serverDeps();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const asked = event.url.searchParams.get('mois') ?? '';
  const month = monthPattern.test(asked) && asked <= thisMonth ? asked : thisMonth;
  const trail = readTrail(event.url);
  const { entries, cursor } = await listAudit(deps, { by: 'month', month, cursor: trail.cursor, limit: 50 });
  const userIds = entries.flatMap((entry) => [
    entry.actorUserId,
    ...(entry.targetType === 'USER' ? [entry.targetId] : []),
    ...(entry.refs?.userId ? [entry.refs.userId] : []),
  ]);
  const needsOrganizations = entries.some((entry) => entry.targetType === 'ORG' || entry.refs?.orgId);
  const [names, organizations] = await Promise.all([
    namesOf(deps, userIds),
    needsOrganizations ? listOrganizations(deps) : Promise.resolve([]),
  ]);
  const templateName = (target: string) => {
    const [key, language] = target.split(':');
    return key && isEmailTemplateId(key) ? `${emailTemplate(key).name[locale]} (${language ?? ''})` : target;
  };
  return {
    month,
    thisMonth,
    previousMonth: shiftMonth(month, -1),
    nextMonth: month < thisMonth ? shiftMonth(month, 1) : undefined,
    entries: entries.map((entry) => ({
      auditId: entry.auditId,
      at: entry.at,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: entry.targetType === 'TEMPLATE' ? templateName(entry.targetId) : undefined,
      actorUserId: entry.actorUserId,
      actingAsClientId: entry.actingAsClientId,
      refs: entry.refs ?? {},
    })),
    names,
    organizations: {
      ...Object.fromEntries(organizations.map((organization) => [organization.orgId, organization.name])),
      [platformOrgId]: t(locale, 'console.audit.platform'),
    } as Record<string, string>,
    page: trail.page,
    previousUrl: trail.previousUrl,
    nextUrl: trail.nextUrl(cursor),
  };
};
