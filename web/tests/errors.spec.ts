import { expect, test } from '@playwright/test';

test.describe('error pages', () => {
  test('PLAT-01 a missing page is a 404 in French', async ({ page }) => {
    const response = await page.goto('/fr/nulle-part');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    await expect(page).toHaveTitle('Page introuvable — Parvis');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.getByText('Erreur 404')).toBeVisible();

    await page.getByRole('main').getByRole('link', { name: 'Retour à l’accueil' }).click();
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'La vie culturelle de la région, au même endroit',
    );
  });

  test('PLAT-01 a missing page is a 404 in English', async ({ page }) => {
    const response = await page.goto('/en/nowhere');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByText('Error 404')).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'Back to the home page' })).toHaveAttribute(
      'href',
      '/en',
    );
  });

  test('PLAT-01 an unknown locale prefix is a 404 in the remembered language', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-CA' });
    const page = await context.newPage();
    for (const path of ['/de', '/es/accueil', '/FR']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    }
    await context.close();
  });
});
