import { redirect } from '@sveltejs/kit';
import { rememberLocale, switchTarget } from '$lib/server/locale';
import type { RequestHandler } from './$types';

/**
 * PLAT-01: the language switch. `?page=/en/…` remembers English for `/` and sends the visitor to
 * that page (303); only a page of this site under a language prefix is accepted (no open
 * redirect), anything else leads to the home page in the current language. This is the one
 * response that sets the language cookie, so the pages themselves stay cacheable (decision 0013).
 */
export const GET: RequestHandler = ({ cookies, locals, setHeaders, url }) => {
  const target = switchTarget(url.searchParams.get('page'));
  setHeaders({ 'cache-control': 'private, no-store' });
  if (!target) redirect(303, `/${locals.locale}`);
  rememberLocale(cookies, target.locale);
  redirect(303, target.path);
};
