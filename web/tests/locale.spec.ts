import { expect, test } from '@playwright/test';

test.describe('locale', () => {
  for (const [browserLocale, expected] of [
    ['fr-CA', '/fr'],
    ['en-CA', '/en'],
    ['de-DE', '/fr'],
  ] as const) {
    test(`PLAT-01 / redirects a first visit with a ${browserLocale} browser to ${expected}`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ locale: browserLocale });
      const page = await context.newPage();
      await page.goto('/');
      await expect(page).toHaveURL(expected);
      await expect(page.locator('html')).toHaveAttribute('lang', expected === '/fr' ? 'fr-CA' : 'en-CA');
      await context.close();
    });
  }

  test('PLAT-01 the locale switch goes to English and back, and the cookie remembers it', async ({
    browser,
  }) => {
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    const localeCookie = async () =>
      (await context.cookies()).find((cookie) => cookie.name === 'parvis_locale')?.value;

    await page.goto('/fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'La vie culturelle de la région, au même endroit',
    );

    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL('/en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'The region’s cultural life, in one place',
    );
    expect(await localeCookie()).toBe('en');

    // A French browser coming back to / is sent to the language it chose.
    await page.goto('/');
    await expect(page).toHaveURL('/en');

    await page.getByRole('banner').getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL('/fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    expect(await localeCookie()).toBe('fr');
    await page.goto('/');
    await expect(page).toHaveURL('/fr');
    await context.close();
  });

  test('PLAT-01 CAL-02 reading a page sets no cookie: / keeps following the browser until the switch is used', async ({
    browser,
  }) => {
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    const english = await page.goto('/en');
    expect(english?.headers()['set-cookie']).toBeUndefined();
    expect(await context.cookies()).toEqual([]);
    // Nothing remembered: a French browser is sent to French, as on a first visit.
    await page.goto('/');
    await expect(page).toHaveURL('/fr');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  test('PLAT-01 the switch endpoint remembers the language and sends to that page only (303, never cached)', async ({
    request,
  }) => {
    const response = await request.get(`/langue?page=${encodeURIComponent('/en/evenements/x?gratuit=1')}`, {
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe('/en/evenements/x?gratuit=1');
    expect(response.headers()['set-cookie']).toMatch(/^parvis_locale=en;.*HttpOnly/);
    expect(response.headers()['cache-control']).toBe('private, no-store');
  });

  test('PLAT-01 the switch is no open redirect', async ({ request }) => {
    for (const target of [
      '//evil.example/en',
      'https://evil.example/en',
      '/\\evil.example/en',
      '/\\/evil.example',
      '\\\\evil.example',
      'http:/evil.example',
      'javascript:alert(1)',
      '/%2F%2Fevil.example',
      '/en/../../evil',
      '/de/page',
      '/en\r\nlocation: https://evil.example',
      'evil.example',
      '',
    ]) {
      const response = await request.get(`/langue?page=${encodeURIComponent(target)}`, {
        maxRedirects: 0,
        headers: { 'accept-language': 'en-CA' },
      });
      expect(response.status(), target).toBe(303);
      // Back to the home page of the browser's language, remembering nothing.
      expect(response.headers().location, target).toBe('/en');
      expect(response.headers()['set-cookie'], target).toBeUndefined();
    }
    const bare = await request.get('/langue', { maxRedirects: 0 });
    expect(bare.status()).toBe(303);
    expect(bare.headers().location).toMatch(/^\/(fr|en)$/);
  });

  test('PLAT-01 the locale switch keeps the page and its query string', async ({ page }) => {
    await page.goto('/fr/nulle-part?date=2026-12-01');
    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL('/en/nulle-part?date=2026-12-01');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });

  test('PLAT-01 the footer offers both languages and marks the current one', async ({ page }) => {
    await page.goto('/en');
    const languages = page.getByRole('contentinfo').getByRole('navigation', { name: 'Language' });
    await expect(languages.getByRole('link', { name: 'English' })).toHaveAttribute('aria-current', 'true');
    await languages.getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL('/fr');
  });
});
