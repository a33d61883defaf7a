import type { Endpoints } from '../../../infra/local/engines';

/**
 * Where the browser tests' server listens (PARVIS_E2E_PORT, default 4517); localhost (not
 * 127.0.0.1) so Secure cookies work over http.
 */
const port = Number(process.env.PARVIS_E2E_PORT ?? 4517);

export const e2e = {
  port,
  origin: `http://localhost:${port}`,
  variable: 'PARVIS_E2E_TWIN',
  /** CAL-01: where the sheets' venue maps take their tiles; a test serves them with page.route. */
  mapTilesPath: '/test-tiles',
  /** CAL-07: the public form's key on the test server, so a test can issue a fresh fill-time token. */
  formSecret: 'e2e-public-form-secret-0123456789abcdef',
} as const;

export interface E2eTwin {
  env: Record<string, string>;
  endpoints: Endpoints;
  controlUrl: string;
}
