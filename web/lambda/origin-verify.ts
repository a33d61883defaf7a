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
 * Whether `presented` equals `secret`, in time independent of where they differ. Both sides are
 * hashed first so that `timingSafeEqual` compares equal lengths and the length of the secret does
 * not leak either.
 */
export function originSecretMatches(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
