import type { Deps } from '../deps';
import { releaseMassSend, reserveMassSend } from './mass-window';
import { releasePlatformSend, reservePlatformSend } from './platform-budget';
import { massCapFor, platformMassBudget } from './sending-policy';

/**
 * A mass mail needs two places: one in its account's rolling 24 h window (COM-04) and one in the
 * platform budget that all accounts share (the SES quota less the service reserve). Both are taken
 * before the SES call at the same instant, and both are given back when the mail did not go out.
 */
export async function reserveMassPlace(
  deps: Pick<Deps, 'db' | 'config'>,
  request: { account: string; now: Date },
): Promise<
  { reserved: true; at: number } | { reserved: false; freeAt: Date; reason: 'account' | 'platform' }
> {
  const policy = deps.config.mailPolicy;
  const account = await reserveMassSend(deps, {
    account: request.account,
    cap: massCapFor(policy, request.account),
    now: request.now,
  });
  if (!account.reserved) return { reserved: false, freeAt: account.freeAt, reason: 'account' };
  const platform = await reservePlatformSend(deps, { budget: platformMassBudget(policy), now: request.now });
  if (!platform.reserved) {
    await releaseMassSend(deps, { account: request.account, at: request.now.getTime() });
    return { reserved: false, freeAt: platform.freeAt, reason: 'platform' };
  }
  return { reserved: true, at: request.now.getTime() };
}

/** Gives back both places taken at `at`. */
export async function releaseMassPlace(
  deps: Pick<Deps, 'db'>,
  request: { account: string; at: number },
): Promise<void> {
  await releaseMassSend(deps, request);
  await releasePlatformSend(deps, { at: request.at });
}
