import { expect, type Page, test } from '@playwright/test';

/**
 * Full-text search of the public calendar (CAL-10, decision 0011): the header's field, the search
 * page (a GET form: it works without JavaScript), its messages and its cache headers. The e2e twin
 * holds the demo calendar and its search file (web/tests/support/global-setup.ts).
 */

const resultTitles = (page: Page) => page.locator('.results article h3').allInnerTexts();

test.describe('search (CAL-10)', () => {
  test('CAL-10 a visitor searches « theatre » and finds « Théâtre du Bic »’s plays, as cards with their next date', async ({
    page,
  }) => {
    await page.goto('/fr');
    const field = page.getByRole('searchbox', { name: 'Mots à chercher' });
    await field.fill('theatre');
    await field.press('Enter');
    await expect(page).toHaveURL('/fr/recherche?q=theatre');
    await expect(page.getByRole('heading', { level: 2, name: 'Résultats pour « theatre »' })).toBeVisible();
    // No accent typed: the plays of « Théâtre du Bic » (category « Théâtre », at its venue) are found.
    const card = page.locator('.results article', { hasText: 'Théâtre du Bic' }).first();
    await expect(card).toBeVisible();
    await expect(card.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}/);
    // The page's own field keeps the words; the header's is left out here.
    await expect(page.getByRole('searchbox', { name: 'Mots à chercher' })).toHaveValue('theatre');
    await expect(page.getByRole('searchbox')).toHaveCount(1);
    // The title is the link to the sheet.
    const link = card.locator('h3 a');
    const title = ((await link.textContent()) ?? '').trim();
    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    // What the page looks like at a phone's and a desktop's width (docs/screenshots).
    await page.goto('/fr/recherche?q=theatre');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      // Polled: on a busy machine the first measure can come before the page is laid out again.
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
          message: `search at ${width} px scrolls sideways`,
        })
        .toBeLessThanOrEqual(0);
      await page.screenshot({ path: `docs/screenshots/search-${width}.png`, fullPage: true });
    }
  });

  test('CAL-10 « l’orchestre » finds « Orchestre symphonique de l’Estuaire », in English too', async ({
    page,
  }) => {
    await page.goto(`/en/recherche?q=${encodeURIComponent('l’orchestre')}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Search for an event' })).toBeVisible();
    expect(await resultTitles(page)).toContain('Orchestre symphonique de l’Estuaire : Beethoven');
    await expect(page.getByRole('status')).toHaveText(/upcoming event/);
  });

  test('CAL-10 an empty query shows a hint, a query too long says so, no result links to the calendar; cacheable like the calendar', async ({
    page,
  }) => {
    const empty = await page.goto('/fr/recherche');
    expect(empty?.headers()['cache-control']).toBe(
      'public, max-age=0, s-maxage=60, stale-while-revalidate=300',
    );
    await expect(page.getByText('Les accents et les majuscules ne comptent pas.')).toBeVisible();
    await expect(page.locator('.results article')).toHaveCount(0);

    await page.goto(`/fr/recherche?q=${Array.from({ length: 13 }, (_, i) => `mot${i}`).join('+')}`);
    await expect(page.getByRole('alert')).toHaveText(
      'Votre recherche est trop longue : 200 caractères et 12 mots au plus.',
    );
    await page.goto(`/en/recherche?q=${'a'.repeat(201)}`);
    await expect(page.getByRole('alert')).toHaveText(
      'Your search is too long: at most 200 characters and 12 words.',
    );

    await page.goto('/fr/recherche?q=zzyzx+quokka');
    await expect(page.getByText('Aucun événement à venir ne correspond à « zzyzx quokka ».')).toBeVisible();
    await page.getByRole('link', { name: 'Parcourir le calendrier' }).click();
    await expect(page).toHaveURL('/fr');
  });

  test('CAL-10 works without JavaScript: the header field and the page form', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/en');
    await page.getByRole('searchbox', { name: 'Words to search for' }).fill('Beethoven');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL('/en/recherche?q=Beethoven');
    const titles = await resultTitles(page);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles)).toEqual(new Set(['Orchestre symphonique de l’Estuaire : Beethoven']));
    const field = page.getByRole('searchbox', { name: 'Words to search for' });
    await field.fill('slam');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL('/en/recherche?q=slam');
    expect(await resultTitles(page)).toContain('Soirée slam au Paradis');
    await context.close();
  });
});
