import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The contract between CloudFront and the web function, shared by `infra/stacks/web-stack.ts`
 * (which sets these) and `handler.ts` (which checks them). The Function URL is public (AuthType
 * NONE: origin access control cannot sign browser form bodies), so the function itself turns
 * away requests that did not come through the distribution.
 */
export const originVerifyHeader = 'x-parvis-origin-verify';
/** Set by the distribution's viewer-request function from the viewer's address. */
export const viewerIpHeader = 'x-parvis-viewer-ip';
/** Environment variable holding the secret CloudFront sends in `originVerifyHeader`. */
export const originSecretEnv = 'PARVIS_ORIGIN_SECRET';
/**
 * Logged once per container (as an error line) when the function runs on Lambda without its
 * secret and therefore refuses every request; the operations stack alarms on it.
 */
export const originSecretMissingMessage = 'origin secret missing: every request refused';

/** Whether this process is a Lambda container (either variable is set by the Lambda runtime). */
export function runsOnLambda(vars: Record<string, string | undefined>): boolean {
  return Boolean(vars.AWS_LAMBDA_FUNCTION_NAME || vars.LAMBDA_TASK_ROOT);
}

/**
 * Whether `presented` equals `secret`, in time independent of where they differ. Both sides are
 * hashed first so that `timingSafeEqual` compares equal lengths and the length of the secret does
 * not leak either.
 */
export function originSecretMatches(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
