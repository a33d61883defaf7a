import { expect, test } from '@playwright/test';

const viewports = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;

test.describe('layout', () => {
  for (const locale of ['fr', 'en'] as const) {
    for (const [device, viewport] of Object.entries(viewports)) {
      test(`PLAT-01 the ${locale} home page fits a ${device} screen (${viewport.width}px)`, async ({
        page,
      }) => {
        await page.setViewportSize(viewport);
        await page.goto(`/${locale}`);
        await expect(page.getByRole('banner').getByRole('link', { name: 'Parvis' })).toBeVisible();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: `test-results/screenshots/home-${locale}-${device}.png`,
          fullPage: true,
        });

        await page.goto(`/${locale}/nulle-part`);
        await page.screenshot({
          path: `test-results/screenshots/404-${locale}-${device}.png`,
          fullPage: true,
        });
      });
    }
  }

  test('PLAT-01 has landmarks, one h1 and a skip link to the content', async ({ page }) => {
    await page.goto('/fr');
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('contentinfo')).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Accueil' })).toHaveAttribute('aria-current', 'page');

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });

  test('PLAT-01 the navigation lists only pages that exist', async ({ page, request }) => {
    await page.goto('/fr');
    const hrefs = await page
      .locator('header a[href], footer a[href]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    for (const href of new Set(hrefs)) {
      expect((await request.get(href)).status(), href).toBe(200);
    }
  });
});
