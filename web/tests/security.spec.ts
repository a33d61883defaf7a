import { expect, test } from '@playwright/test';

test.describe('security', () => {
  test('every page carries the security headers and a hash-based CSP', async ({ page }) => {
    const response = await page.goto('/fr');
    const headers = response?.headers() ?? {};
    expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toBe('camera=(self), microphone=(), geolocation=()');
    expect(headers['x-frame-options']).toBe('DENY');
    const csp = headers['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: https:",
      "frame-ancestors 'none'",
      // CAL-01: the site's own frames and the YouTube and Vimeo players the description sanitizer
      // keeps, no other.
      "frame-src 'self' https://www.youtube.com https://youtube.com https://www.youtube-nocookie.com https://youtube-nocookie.com https://player.vimeo.com",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    // The home page is a document with no inline script at all (decision 0013): 'self' alone.
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain("'nonce-");
    expect(csp).not.toContain("'unsafe-inline'");
    // A hydrated page's inline boot script is allowed by its hash: no nonce, so a cached page stays valid.
    const hydrated = (await page.goto('/fr/connexion'))?.headers()['content-security-policy'] ?? '';
    expect(hydrated).toMatch(/script-src 'self' 'sha256-[^']+'/);
    expect(hydrated).not.toContain("'nonce-");
    expect(hydrated).not.toContain("'unsafe-inline'");
  });

  test('CAL-02 a public page’s CSP is the same on every request: nothing per request for a cache to keep', async ({
    request,
  }) => {
    const csp = async (path: string) =>
      (await request.get(path, { maxRedirects: 0 })).headers()['content-security-policy'];
    // The log-in page: its content does not change while other tests publish events.
    const first = await csp('/fr/connexion');
    expect(first).toMatch(/script-src 'self' 'sha256-/);
    expect(await csp('/fr/connexion')).toBe(first);
    // Another page, another boot script (its own data), another hash.
    expect(await csp('/en/connexion')).not.toBe(first);
  });

  test('pages hydrate and navigate without any CSP violation or script error', async ({ page }) => {
    const problems: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.sample}`);
      });
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto('/fr/nulle-part');
    expect(response?.status()).toBe(404);
    // SvelteKit's route announcer mounts after hydration, with a literal style attribute.
    await expect(page.locator('#svelte-announcer')).toBeAttached();
    // A client-side navigation to another hydrated page (the home page is a plain document: it
    // ships no application, decision 0013, so the link there is an ordinary page load).
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL('/fr/connexion');
    await expect(page.locator('#svelte-announcer')).toHaveText('Se connecter — Parvis');
    const box = await page.locator('#svelte-announcer').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(1);
    // The 404 document itself is reported as a failed load; nothing else may be.
    expect(problems.filter((text) => !text.includes('status of 404'))).toEqual([]);
  });

  test('an injected inline script is blocked by the CSP', async ({ page }) => {
    await page.goto('/fr');
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });
});
