import { createDeps } from '../../../shared/adapters/create-deps';
import type { Deps } from '../../../shared/deps';
import { readSentMail, type SentMail } from '../../../tests/mail-viewer';
import { type E2eTwin, e2e } from './e2e';

export { waitFor } from '../../../tests/mail-viewer';

/** The twin global-setup.ts started for this run. */
export function e2eTwin(): E2eTwin {
  const raw = process.env[e2e.variable];
  if (!raw)
    throw new Error('The browser tests run through `npm run test:web` (global setup starts the twin).');
  return JSON.parse(raw) as E2eTwin;
}

let deps: Deps | undefined;

/** The use cases' dependencies over the same table as the web server, for arranging data. */
export function twinDeps(): Deps {
  deps ??= createDeps(e2eTwin().env);
  return deps;
}

export function mailTo(to: string, since?: Date): Promise<SentMail[]> {
  return readSentMail({ to, since, endpoint: e2eTwin().endpoints.ses });
}
