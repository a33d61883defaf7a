import { randomBytes } from 'node:crypto';
import { deriveFormSecret } from '$shared/calendar/submit-public-event';
import { env } from '../../../../infra/wiring';
import { originSecretEnv, runsOnLambda } from '../../../lambda/origin-verify';

let secret: string | undefined;

/**
 * The key of the public form's signed issued-at token (CAL-07): a per-deploy secret, never a
 * constant in code. On Lambda it is derived from the origin secret the stage already keeps in
 * Secrets Manager and hands the web function (infra/stacks/web-stack.ts), so every container of a
 * deploy agrees and there is nothing more to provision; a rotation of that secret rotates this one
 * (a form opened before it is refused as expired, asking for a reload). Off Lambda (`npm start`,
 * the browser tests, `vite dev`): `PARVIS_FORM_SECRET` when set, else a random value generated once
 * per process — the local server is one process.
 */
export function formSecret(): string {
  if (secret) return secret;
  const vars = process.env;
  const given = vars[env.formSecret];
  const origin = vars[originSecretEnv];
  if (given && given.length >= 32) secret = given;
  else if (origin) secret = deriveFormSecret(origin);
  else if (runsOnLambda(vars)) throw new Error('form secret: the origin secret is missing on Lambda');
  else secret = randomBytes(32).toString('base64url');
  return secret;
}
