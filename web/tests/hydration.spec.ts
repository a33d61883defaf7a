import { expect, type Page, test } from '@playwright/test';

// A visitor on a slow phone may type before the page's scripts have run. Holding the scripts back
// makes that moment last: what was typed must still be there once the page has come alive.
/** Holds the page's scripts back until the returned function is called. */
async function holdScripts(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const scripts = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
    await scripts;
    await route.continue();
  });
  return release;
}

test('PLAT-01 CRM-01 what is typed before the page hydrates is kept, and sent', async ({ page }) => {
  const release = await holdScripts(page);
  await page.goto('/fr/connexion', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Adresse courriel').fill('tape.avant@example.org');
  await page.getByLabel('Mot de passe', { exact: true }).fill('un mot de passe tapé tôt');
  release();
  // The "show password" button exists once the page is hydrated (Field.svelte, onMount).
  await expect(page.getByRole('button', { name: /Afficher/ })).toBeVisible();
  await expect(page.getByLabel('Adresse courriel')).toHaveValue('tape.avant@example.org');
  await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveValue('un mot de passe tapé tôt');
  // Sent as typed: the refusal is about the account, not an empty field.
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByText('Remplissez le champ')).toHaveCount(0);
  await expect(page.getByLabel('Adresse courriel')).toHaveValue('tape.avant@example.org');
});

test('CRM-01 a choice ticked before the page hydrates stays ticked', async ({ page }) => {
  const release = await holdScripts(page);
  await page.goto('/fr/inscription', { waitUntil: 'domcontentloaded' });
  await page.getByRole('radio', { name: 'Madame' }).check();
  await page.getByLabel('Prénom').fill('Rapide');
  release();
  await expect(page.getByRole('button', { name: /Afficher/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Madame' })).toBeChecked();
  await expect(page.getByLabel('Prénom')).toHaveValue('Rapide');
});

test('CAL-07 text typed in a text area before the page hydrates stays; without scripts the server writes it back', async ({
  page,
  browser,
}) => {
  const release = await holdScripts(page);
  await page.goto('/fr/soumettre-un-evenement', { waitUntil: 'domcontentloaded' });
  const note = page.getByLabel(/^Message à l’équipe/);
  await note.fill('Tapé avant que la page soit prête.');
  release();
  // The scripts have run once nothing more loads.
  await page.waitForLoadState('networkidle');
  await expect(note).toHaveValue('Tapé avant que la page soit prête.');

  // Server side: a refused post without JavaScript comes back with the text in the text area.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto('/fr/soumettre-un-evenement');
  await plain.getByLabel(/^Message à l’équipe/).fill('Gardé par le serveur <b>tel quel</b>.');
  await plain.getByRole('button', { name: 'Soumettre l’événement' }).click();
  await expect(plain.locator('.error-summary')).toBeVisible();
  await expect(plain.getByLabel(/^Message à l’équipe/)).toHaveValue('Gardé par le serveur <b>tel quel</b>.');
  await context.close();
});
