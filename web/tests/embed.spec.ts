import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { approveEvent, submitForApproval } from '../../shared/calendar/approval';
import { saveTaxonomyTerm, saveVenue } from '../../shared/calendar/reference-data';
import { saveEvent } from '../../shared/calendar/save-event';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { e2e } from './support/e2e';
import { croppedImage, sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * The embeddable calendar (issue #12): a page on another origin frames an organization's next
 * events with the snippet the portal gives, the optional script fits the frame to the list, and
 * every other route still refuses to be framed.
 */

const unique = (base: string) => `${base} ${ulid().slice(-6)}`;

/** An organization with three published events next spring, and its member's session. */
async function organizationWithEvents() {
  const deps = twinDeps();
  const staff = await staffSession('embed-staff');
  const memberEmail = `embed+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email: memberEmail, password: 'correct horse battery staple' });
  const name = unique('Théâtre du Bic');
  const organization = await createOrganization(deps, {
    name,
    firstMember: { email: memberEmail, displayName: 'Lise Bérubé', locale: 'fr' },
    actorUserId: staff.userId,
  });
  const staffActor = { userId: staff.userId, staff: true };
  const { venueId } = await saveVenue(deps, {
    actor: staffActor,
    fields: { name: unique('Salle du Bic'), address: '1, rue du Quai', city: 'Le Bic' },
  });
  const { termId } = await saveTaxonomyTerm(deps, {
    actor: staffActor,
    kind: 'category',
    fields: { nameFr: unique('Théâtre'), nameEn: 'Theatre' },
  });
  const actor = { userId: organization.userId, orgId: organization.orgId };
  const titles: string[] = [];
  const soon = new Date(Date.now() + 7 * 86_400_000);
  for (const [index, title] of [
    'Les Belles-sœurs',
    'Le Dîner de cons',
    'Tartuffe <b>en gras</b>',
  ].entries()) {
    const day = new Date(soon.getTime() + index * 86_400_000).toISOString().slice(0, 10);
    const saved = await saveEvent(deps, {
      actor,
      fields: {
        title: unique(title),
        venueIds: [venueId],
        categoryIds: [termId],
        startsAt: `${day}T19:30`,
        endsAt: `${day}T21:30`,
        showTime: true,
        descriptionHtml: '<p>Une pièce.</p>',
        imageId: await croppedImage(organization.orgId),
      },
    });
    await submitForApproval(deps, { actor, eventId: saved.eventId, expectedVersion: saved.version });
    await approveEvent(deps, { actor: { ...staffActor, orgId: 'parvis' }, eventId: saved.eventId });
    titles.push(
      (await deps.db.calendar.entities.event.get({ eventId: saved.eventId }).go()).data?.title ?? '',
    );
  }
  const token = await sessionFor(organization.userId);
  return { orgId: organization.orgId, name, titles, token };
}

/** A website of another origin (another port of the loopback) that serves one page. */
async function otherSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

async function pageWith(browser: Browser, token?: string) {
  const context = await browser.newContext({ baseURL: e2e.origin, viewport: { width: 1280, height: 900 } });
  if (token) await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

test.describe('issue #12 embeddable calendar', () => {
  test('an organization copies the snippet; a site of another origin frames its events, fitted to the list', async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const setup = await organizationWithEvents();

    // The portal's page: options, snippet, live preview.
    const portal = await pageWith(browser, setup.token);
    await portal.goto('/fr/organisme');
    await portal
      .getByRole('navigation', { name: 'Sections du portail de l’organisme' })
      .getByRole('link', { name: 'Intégration' })
      .click();
    await expect(portal).toHaveURL(/\/fr\/organisme\/integration$/);
    await portal.getByRole('radio', { name: 'Sombre' }).check();
    await portal.getByLabel('Couleur d’accent').fill('66ccff');
    await portal.getByLabel('Nombre d’événements').fill('2');
    await portal.getByRole('button', { name: 'Mettre à jour l’aperçu et le code' }).click();
    await expect(portal).toHaveURL(/theme=sombre/);
    const snippet = await portal.getByRole('textbox', { name: 'Code à copier' }).inputValue();
    expect(snippet).toContain(
      `/fr/integration/${setup.orgId}?theme=sombre&amp;couleur=66ccff&amp;nombre=2`.replaceAll('&amp;', '&'),
    );
    expect(snippet).toContain('/integration.js');
    const preview = portal.frameLocator('iframe[data-parvis-calendar]');
    await expect(preview.getByRole('link', { name: new RegExp(setup.titles[0] ?? 'x') })).toBeVisible();
    await expect(preview.getByRole('listitem')).toHaveCount(2);
    await portal.screenshot({ path: 'docs/screenshots/embed-1280.png', fullPage: true });

    // Another origin pastes the snippet (with the site's absolute URLs), and frames the home page too.
    const host =
      await otherSite(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site de l’organisme</title></head>
<body><h1>Notre programmation</h1>
${snippet.replaceAll(/https?:\/\/[^/"]+\//g, `${e2e.origin}/`).replace('nombre=2', 'nombre=3')}
<iframe id="home" src="${e2e.origin}/fr" title="accueil" width="600" height="200"></iframe>
</body></html>`);
    try {
      const page = await pageWith(browser);
      const homeResponse = page.waitForResponse((response) => response.url() === `${e2e.origin}/fr`);
      await page.goto(host.url);
      const frame = page.frameLocator('iframe[data-parvis-calendar]');
      for (const title of setup.titles) {
        const link = frame.getByRole('link', { name: title, exact: false });
        await expect(link).toBeVisible();
        await expect(link).toHaveAttribute('target', '_blank');
      }
      // Markup in a title stays text.
      await expect(frame.getByText('<b>en gras</b>', { exact: false })).toBeVisible();
      // The script fitted the frame to its content (it was 600 px high).
      await expect
        .poll(async () =>
          page.locator('iframe[data-parvis-calendar]').evaluate((node) => (node as HTMLElement).style.height),
        )
        .toMatch(/^\d+px$/);
      const height = await page
        .locator('iframe[data-parvis-calendar]')
        .evaluate((node) => node.getBoundingClientRect().height);
      expect(height).toBeLessThan(600);
      expect(height).toBeGreaterThan(150);
      // The home page refuses to be framed: its document never shows inside.
      const home = await homeResponse;
      expect(home.headers()['x-frame-options']).toBe('DENY');
      expect(home.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect(page.frameLocator('#home').getByRole('heading', { level: 1 })).toHaveCount(0);
      await page.screenshot({ path: 'docs/screenshots/embed-host-1280.png', fullPage: true });
    } finally {
      host.server.close();
    }
  });

  test('only the embed may be framed; it is cached like the calendar and its options are validated', async () => {
    const setup = await organizationWithEvents();
    const embed = await fetch(
      `${e2e.origin}/fr/integration/${setup.orgId}?couleur=</style><script>&nombre=abc`,
    );
    // Malformed options answer with the canonical address (defaults), read nothing, then the frame.
    const junk = await fetch(`${e2e.origin}/fr/integration/${setup.orgId}?couleur=zz&nombre=999&x=1`, {
      redirect: 'manual',
    });
    expect(junk.status).toBe(301);
    expect(junk.headers.get('location')).toBe(`/fr/integration/${setup.orgId}?nombre=20`);
    expect(embed.redirected).toBe(true);
    expect(new URL(embed.url).search).toBe('');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const csp = embed.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('frame-ancestors');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(embed.headers.get('cache-control')).toBe(
      'public, max-age=0, s-maxage=60, stale-while-revalidate=300',
    );
    const html = await embed.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('--accent:#7a2e3a');
    expect(html).toContain('Tartuffe &lt;b&gt;en gras&lt;/b&gt;');
    // An unknown organization: a sentence, still frameable, nothing else.
    const unknown = await fetch(`${e2e.origin}/fr/integration/INCONNU`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-frame-options')).toBeNull();
    expect(await unknown.text()).toContain('Ce calendrier n’est pas disponible.');
    // Every other route keeps DENY: pages, the portal's own embed page, feeds, errors.
    for (const path of [
      '/fr',
      '/fr/soumettre-un-evenement',
      '/fr/organisme/integration',
      '/fr/calendrier.ics',
      '/fr/integration',
    ]) {
      const response = await fetch(`${e2e.origin}${path}`, { redirect: 'manual' });
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
    }
  });
});
