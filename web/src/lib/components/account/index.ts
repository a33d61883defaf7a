/** Pieces the account pages share (web/src/routes/[locale=locale]/connexion, compte, …). */
export { default as AccountPage } from './AccountPage.svelte';
export { default as ChoosePassword } from './ChoosePassword.svelte';
export { default as InvalidLink } from './InvalidLink.svelte';
export { default as Notice } from './Notice.svelte';
export { default as RecoveryCodes } from './RecoveryCodes.svelte';
export { default as TotpSetup } from './TotpSetup.svelte';
