import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { submitForApproval } from '../../shared/calendar/approval';
import { saveTaxonomyTerm, saveVenue } from '../../shared/calendar/reference-data';
import { saveEvent } from '../../shared/calendar/save-event';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { e2e } from './support/e2e';
import { croppedImage, mailTo, staffSession, twinDeps, waitFor } from './support/twin';

/**
 * The staff console's calendar (issue #12: ORG-07, ORG-09), against the built site and its twin:
 * events are created and submitted through the calendar use cases, staff decide in the browser,
 * the organizer's e-mail goes through the pipeline to the SES twin.
 */

const password = 'correct horse battery staple';
const email = (tag: string) => `${tag}+${ulid().toLowerCase()}@example.org`;
const unique = (base: string) => `${base} ${ulid().slice(-6)}`;

async function pageWith(browser: Browser, token: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2e.origin, viewport: { width, height: 900 } });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

/**
 * An organization with its « Organisme » member (who gets the review e-mails), a venue, a category,
 * and an image with its crops as the image pipeline leaves them (the pipeline has its own tests).
 */
async function organizerWithReferenceData(staffUserId: string) {
  const deps = twinDeps();
  const organizerEmail = email('organisme');
  await createAccount(deps, { email: organizerEmail, password });
  const organizationName = unique('Spect’Art');
  const organization = await createOrganization(deps, {
    name: organizationName,
    firstMember: { email: organizerEmail, displayName: 'Hélène Tremblay', locale: 'fr' },
    actorUserId: staffUserId,
  });
  const staff = { userId: staffUserId, staff: true };
  const { venueId } = await saveVenue(deps, {
    actor: staff,
    fields: { name: unique('Salle Desjardins'), address: '50, rue Saint-Germain Ouest', city: 'Rimouski' },
  });
  const { termId } = await saveTaxonomyTerm(deps, {
    actor: staff,
    kind: 'category',
    fields: { nameFr: unique('Théâtre'), nameEn: 'Theatre' },
  });
  const actor = { userId: organization.userId, orgId: organization.orgId };
  return { deps, organizerEmail, organization, organizationName, actor, venueId, termId };
}

test.describe('staff console: the calendar', () => {
  test('ORG-07 ORG-09 staff send a submitted event back with a note (the organizer is e-mailed it), then approve it and feature it', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const staff = await staffSession('staff-calendar');
    const setup = await organizerWithReferenceData(staff.userId);
    const title = unique('Carmen');
    const saved = await saveEvent(setup.deps, {
      actor: setup.actor,
      fields: {
        title,
        venueIds: [setup.venueId],
        categoryIds: [setup.termId],
        startsAt: '2027-03-12T19:30',
        endsAt: '2027-03-12T22:00',
        showTime: true,
        descriptionHtml: '<p>Un opéra <strong>en quatre actes</strong>.</p><script>window.pwned = 1</script>',
        imageId: await croppedImage(setup.organization.orgId),
      },
    });
    const organizerNote = 'Première fois <b>chez vous</b>, merci!';
    await submitForApproval(setup.deps, {
      actor: setup.actor,
      eventId: saved.eventId,
      expectedVersion: saved.version,
      note: organizerNote,
    });

    // The queue: the event, its organization and the organizer's note, as text.
    const page = await pageWith(browser, staff.token);
    await page.goto('/fr/console/evenements/a-approuver');
    await expect(page).toHaveURL(/\/fr\/console\/evenements#a-approuver$/);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row).toContainText(setup.organizationName);
    await expect(row).toContainText(organizerNote);
    await expect(page.getByRole('link', { name: 'Événements', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await row.getByRole('link', { name: title }).click();

    // The review page: the event as submitted, its sanitized description, the note, its crops.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText('en quatre actes')).toBeVisible();
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.locator('.organizer-note')).toContainText(organizerNote);
    await expect(page.getByText(/Calendrier \(vertical\) : 900 × 1200 px/)).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/console-approval-1280.png', fullPage: true });

    // Sending back needs a note.
    const sendBack = page.getByRole('button', { name: 'Renvoyer avec une note' });
    await sendBack.click();
    await expect(page.locator('.error-summary')).toContainText('Note à l’organisme');
    const note = 'Ajoutez le lien de billetterie, s’il vous plaît.';
    const since = new Date();
    await page.getByLabel('Note à l’organisme').fill(note);
    await sendBack.click();
    await expect(page.getByText('L’événement a été renvoyé à l’organisme avec votre note.')).toBeVisible();
    await expect(page.locator('.markers .badge').first()).toHaveText('Brouillon');

    // ORG-07: the organizer gets the note by e-mail (through the outbox, the sender and SES).
    const mail = await waitFor(
      async () => (await mailTo(setup.organizerEmail, since)).find((m) => m.subject?.includes(title)),
      30_000,
      250,
    );
    expect(mail.subject).toContain('Quelques changements avant la mise en ligne');
    expect(mail.text).toContain(note);

    // The organizer submits again (through the use case); two staff open it at once.
    await submitForApproval(setup.deps, { actor: setup.actor, eventId: saved.eventId, expectedVersion: 3 });
    await page.goto(`/fr/console/evenements/${saved.eventId}`);
    const other = await pageWith(browser, (await staffSession('staff-calendar')).token);
    await other.goto(`/fr/console/evenements/${saved.eventId}`);

    await page.getByRole('button', { name: 'Approuver et publier' }).click();
    await expect(
      page.getByText('L’événement est publié; l’organisme en a été avisé par courriel.'),
    ).toBeVisible();
    await expect(page.locator('.markers .badge').first()).toHaveText('Publié');

    // ORG-07 CAL-01: published, it is on the home page for its date and has its sheet, for anyone.
    const visitor = await browser.newContext();
    const home = await visitor.newPage();
    await home.goto('/fr?du=2027-03-12&au=2027-03-12');
    const card = home.getByRole('link', { name: title });
    await expect(card).toBeVisible();
    await card.click();
    await expect(home.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(home).toHaveURL(new RegExp(`/fr/evenements/${saved.slug}$`));
    await visitor.close();

    // The second one, still showing the old state, is told someone decided first; nothing is written twice.
    await other.getByLabel('Note à l’organisme').fill('Trop tard');
    await other.getByRole('button', { name: 'Renvoyer avec une note' }).click();
    await expect(other.locator('.error-summary')).toContainText('n’attend plus d’approbation');
    await other.getByRole('link', { name: 'Recharger l’événement' }).click();
    await expect(other.locator('.markers .badge').first()).toHaveText('Publié');

    // Staff-only flags on the published event.
    await page.getByRole('button', { name: 'Mettre à la une' }).click();
    await expect(page.getByText('L’événement est maintenant à la une.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Retirer de la une' })).toBeVisible();
    await page.getByRole('button', { name: 'Marquer comme grand événement' }).click();
    await expect(page.getByText('L’événement est maintenant un grand événement.')).toBeVisible();
    // Without JavaScript's help too: a fresh load shows both flags.
    await page.reload();
    await expect(page.locator('.markers')).toContainText('À la une');
    await expect(page.locator('.markers')).toContainText('Grand événement');
    const event = (await setup.deps.db.calendar.entities.event.get({ eventId: saved.eventId }).go()).data;
    expect(event).toMatchObject({ status: 'published', featured: true, bigEvent: true });
  });

  test('ORG-09 staff add a venue with its coordinates and time zone, then edit it; markup stays text', async ({
    browser,
  }) => {
    const staff = await staffSession('staff-calendar');
    const page = await pageWith(browser, staff.token);
    const name = unique('Coopérative <img src=x onerror="window.pwned=1">');
    await page.goto('/fr/console/lieux');
    await page.getByLabel('Nom du lieu').fill(name);
    await page.getByLabel('Adresse', { exact: true }).fill('274, avenue Belzile');
    await page.getByLabel('Ville').fill('Rimouski');
    await page.getByLabel(/^Latitude/).fill('quarante-huit');
    await page.getByLabel(/^Longitude/).fill('-68.5247');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await expect(page.locator('.error-summary')).toContainText('« Latitude » doit être un nombre');
    // What was typed is kept.
    await expect(page.getByLabel('Nom du lieu')).toHaveValue(name);

    // Out of range: the domain's refusal, on the field.
    await page.getByLabel(/^Latitude/).fill('95');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await expect(page.locator('.error-summary')).toContainText('Latitude');

    await page.getByLabel(/^Latitude/).fill('48,4497');
    await page.getByLabel('Fuseau horaire').selectOption('America/Halifax');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'a été ajouté' })).toContainText(name);
    const row = page.getByRole('row', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(row).toContainText('48.4497, -68.5247');
    await expect(row).toContainText('America/Halifax');
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    await row.getByRole('link', { name: /Modifier/ }).click();
    // The edit form replaces the add form once the page has loaded the venue: type into that one.
    await expect(page.locator('#form-heading')).toContainText('Modifier « Coopérative');
    await expect(page.getByLabel('Fuseau horaire')).toHaveValue('America/Halifax');
    await page.getByLabel('Code postal').fill('G5L 4K8');
    await page.getByLabel('Fuseau horaire').selectOption('America/Toronto');
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'a été enregistré' })).toBeVisible();
    await expect(row).toContainText('G5L 4K8');
    await expect(row).toContainText('America/Toronto');
    await page.screenshot({ path: 'docs/screenshots/console-venues-1280.png', fullPage: true });
  });

  test('ORG-09 staff add a category that requires an exhibition type, an audience, and rename them', async ({
    browser,
  }) => {
    const staff = await staffSession('staff-calendar');
    const page = await pageWith(browser, staff.token);
    const museum = unique('Musée');
    await page.goto('/fr/console/categories');
    await expect(page.getByRole('heading', { level: 2, name: /Catégories \(/ })).toBeVisible();
    // Both names are required.
    await page.getByLabel('Nom en français').fill(museum);
    await page.getByRole('button', { name: 'Ajouter à la liste' }).click();
    await expect(page.locator('.error-summary')).toContainText('Nom en anglais');
    await expect(page.getByLabel('Nom en français')).toHaveValue(museum);
    await page.getByLabel('Nom en anglais').fill('Museum');
    await page.getByLabel('Exige un type d’exposition').check();
    await page.getByRole('button', { name: 'Ajouter à la liste' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'a été ajouté' })).toContainText(museum);
    const row = page.getByRole('row', { name: new RegExp(museum) });
    await expect(row).toContainText('Oui');

    await row.getByRole('link', { name: /Renommer/ }).click();
    // The add form above may still show what was ticked: wait for the rename form itself.
    await expect(page.getByRole('button', { name: 'Enregistrer' })).toBeVisible();
    await expect(page.getByLabel('Exige un type d’exposition')).toBeChecked();
    await page.getByLabel('Nom en anglais').fill('Museums');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'a été enregistré' })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(museum) })).toContainText('Museums');

    // Audiences: another list, without the exhibition-type rule.
    await page.getByRole('link', { name: 'Clientèles' }).click();
    await expect(page.getByRole('link', { name: 'Clientèles' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByLabel('Exige un type d’exposition')).toHaveCount(0);
    const family = unique('Famille');
    await page.getByLabel('Nom en français').fill(family);
    await page.getByLabel('Nom en anglais').fill('Family');
    await page.getByRole('button', { name: 'Ajouter à la liste' }).click();
    await expect(page.getByRole('row', { name: new RegExp(family) })).toBeVisible();
    await page.getByRole('link', { name: 'Catégories', exact: true }).first().click();
    await expect(page.getByRole('row', { name: new RegExp(family) })).toHaveCount(0);
  });
});
