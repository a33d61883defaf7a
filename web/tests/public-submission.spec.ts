import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { approvalQueue } from '../../shared/calendar/approval';
import { issueFormToken, publicSubmissionPolicy } from '../../shared/calendar/submit-public-event';
import { e2e } from './support/e2e';
import { mailTo, staffSession, twinDeps, waitFor } from './support/twin';

/**
 * « Soumettre un événement » (CAL-07) against the built site and its twin: a visitor's event waits
 * in the staff queue; the spam protection (honeypot, minimum fill time) refuses robots quietly and
 * people clearly, keeping what they typed; the form works without JavaScript.
 */

const unique = (base: string) => `${base} ${ulid().slice(-6)}`;
/** A person takes longer than the minimum fill time; so must the tests that act as one. */
const humanPause = (publicSubmissionPolicy.minFillSeconds + 0.5) * 1000;

async function newPage(
  browser: Browser,
  options: { width?: number; javaScript?: boolean; token?: string } = {},
) {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  if (options.token) {
    await context.addCookies([{ name: 'parvis_session', value: options.token, url: e2e.origin }]);
  }
  return context.newPage();
}

async function fillForm(
  page: Page,
  values: {
    title: string;
    name: string;
    email: string;
    description?: string;
  },
) {
  await page.locator('[name=submitterName]').fill(values.name);
  await page.locator('[name=submitterEmail]').fill(values.email);
  await page.locator('[name=submitterOrganization]').fill('Les Amis du conte');
  await page.locator('[name=title]').fill(values.title);
  // The pick lists are cached per server (a minute): the seeded demo venues and categories.
  await page.locator('select[name=venueIds]').first().selectOption({ index: 1 });
  await page.locator('select[name=categoryId]').selectOption({ index: 1 });
  await page.locator('[name=startsAt]').fill('2027-04-10T19:30');
  await page.locator('[name=endsAt]').fill('2027-04-10T21:00');
  await page.locator('[name=descriptionHtml]').fill(values.description ?? '<p>Une soirée de contes.</p>');
}

test.describe('CAL-07 public submission', () => {
  test('CAL-07 a visitor submits an event; it waits in the staff queue', async ({ browser }) => {
    // A person's pause, the staff console, then the e-mail through the outbound queue.
    test.setTimeout(90_000);
    const staff = await staffSession('submission-staff');
    const staffAccount = (await twinDeps().db.identity.entities.account.get({ userId: staff.userId }).go())
      .data;
    const since = new Date();
    // A title and a name that would run script if they were ever read as HTML.
    const title = unique('Contes <img src=x onerror="window.pwned=1">');
    const name = 'Jeanne <script>window.pwned=2</script> D’Arc';

    const page = await newPage(browser);
    await page.goto('/fr');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Soumettre un événement' }).click();
    await expect(page).toHaveURL(/\/fr\/soumettre-un-evenement$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soumettre un événement');
    const response = await page.request.get('/fr/soumettre-un-evenement');
    expect(response.headers()['cache-control']).toBe('private, no-store');
    // The honeypot is out of the tab order, and says what it is to a screen reader.
    await expect(page.getByLabel('Laissez ce champ vide')).toHaveAttribute('tabindex', '-1');
    // Nothing only staff or an organization sets.
    for (const field of ['presenterOrgId', 'parentEventId', 'slug', 'featured', 'bigEvent']) {
      await expect(page.locator(`[name=${field}]`)).toHaveCount(0);
    }

    await fillForm(page, { title, name, email: 'Jeanne@Example.org' });
    await page.locator('[name=note]').fill('Première édition <b>chez nous</b>');
    await page.waitForTimeout(humanPause);
    await page.getByRole('button', { name: 'Soumettre l’événement' }).click();
    await expect(page).toHaveURL(/\/fr\/soumettre-un-evenement\/merci$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre événement a été reçu');
    await expect(page.getByText('L’équipe le révisera avant de le publier')).toBeVisible();

    // In the staff queue, as text.
    const console = await newPage(browser, { token: staff.token });
    await console.goto('/fr/console/evenements/a-approuver');
    const row = console.getByRole('row', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(row).toBeVisible();
    await row.getByRole('link', { name: title }).click();
    await expect(console.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(console.getByText(`${name} · jeanne@example.org`)).toBeVisible();
    await expect(console.locator('.organizer-note')).toContainText('Organisme : Les Amis du conte');
    await expect(console.locator('.organizer-note')).toContainText('Première édition <b>chez nous</b>');
    expect(await console.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    // Staff are told by e-mail.
    const mail = await waitFor(
      async () =>
        (await mailTo(staffAccount?.email ?? '', since)).find((message) =>
          message.text?.includes('Les Amis du conte'),
        ),
      30_000,
      250,
    );
    expect(mail.text).toContain('formulaire public');
  });

  test('CAL-07 too fast: refused with a clear message and nothing typed is lost; a filled honeypot is thanked and dropped', async ({
    browser,
  }) => {
    const page = await newPage(browser);
    await page.goto('/fr/soumettre-un-evenement');
    const title = unique('Envoyé trop vite');
    await fillForm(page, { title, name: 'Rapide Robot', email: 'robot@example.org' });
    // However slow the machine filled it, the form is sent the instant its token was issued.
    const fresh = issueFormToken(e2e.formSecret, new Date());
    await page.locator('[name=formToken]').evaluate((input, token) => {
      (input as HTMLInputElement).value = token;
    }, fresh);
    await page.getByRole('button', { name: 'Soumettre l’événement' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toContainText('Le formulaire a été envoyé trop vite');
    await expect(page.locator('[name=title]')).toHaveValue(title);
    await expect(page.locator('[name=submitterName]')).toHaveValue('Rapide Robot');
    await expect(page.locator('[name=submitterEmail]')).toHaveValue('robot@example.org');
    await expect(page.locator('select[name=venueIds]').first()).not.toHaveValue('');
    await expect(page.locator('[name=startsAt]')).toHaveValue('2027-04-10T19:30');

    // A robot fills the hidden field: « thanks », and nothing reaches the queue.
    const trapped = unique('Pourriel');
    await page.locator('[name=title]').fill(trapped);
    await page.locator('[name=homepage]').fill('http://spam.example', { force: true });
    await page.waitForTimeout(humanPause);
    await page.getByRole('button', { name: 'Soumettre l’événement' }).click();
    await expect(page).toHaveURL(/\/fr\/soumettre-un-evenement\/merci$/);
    const queue = await approvalQueue(twinDeps());
    expect(queue.events.map((event) => event.title)).not.toContain(trapped);
    expect(queue.events.map((event) => event.title)).not.toContain(title);
  });

  test('CAL-07 works without JavaScript: a date is added, a refusal keeps the input, the event is sent', async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const page = await newPage(browser, { javaScript: false });
    await page.goto('/en/soumettre-un-evenement');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Submit an event');
    const title = unique('Sans JavaScript');
    await fillForm(page, { title, name: 'Marc Sans', email: 'not-an-address' });
    await page.getByRole('button', { name: 'Add a date' }).click();
    await expect(page.locator('[name=extraStart]')).toHaveCount(2);
    await expect(page.locator('[name=title]')).toHaveValue(title);
    await page.locator('[name=extraStart]').first().fill('2027-04-11T14:00');
    await page.waitForTimeout(humanPause);
    await page.getByRole('button', { name: 'Submit the event' }).click();
    await expect(
      page.getByText('Enter a valid email address, for example name@example.ca.').first(),
    ).toBeVisible();
    await expect(page.locator('[name=extraStart]').first()).toHaveValue('2027-04-11T14:00');
    await expect(page.locator('[name=submitterName]')).toHaveValue('Marc Sans');
    await page.locator('[name=submitterEmail]').fill('marc@example.org');
    await page.waitForTimeout(humanPause);
    await page.getByRole('button', { name: 'Submit the event' }).click();
    await expect(page).toHaveURL(/\/en\/soumettre-un-evenement\/merci$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you, your event was received');
    const queue = await approvalQueue(twinDeps());
    expect(queue.events.map((event) => event.title)).toContain(title);
  });

  test('CAL-07 the form at 390 px and 1280 px (screenshots)', async ({ browser }) => {
    for (const width of [390, 1280]) {
      const page = await newPage(browser, { width });
      await page.goto('/fr/soumettre-un-evenement');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `docs/screenshots/submit-event-${width}.png`, fullPage: true });
    }
  });
});
