import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Liveness for CloudFront, monitors and the local runner; never cached. */
export const GET: RequestHandler = () =>
  json(
    { status: 'ok', version: __PARVIS_VERSION__, time: new Date().toISOString() },
    { headers: { 'cache-control': 'no-store' } },
  );
