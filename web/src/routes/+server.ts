import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** `/` has no language: send the visitor to the remembered one (see hooks.server.ts). */
export const GET: RequestHandler = ({ locals, url }) => redirect(303, `/${locals.locale}${url.search}`);
