import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';

const day = 24 * 60 * 60 * 1000;

/**
 * Takes one place in the account's rolling 24 h mass-mail window, or says when the next place
 * frees up. Exact (not hourly buckets): the window keeps each send instant, and the write is
 * conditioned on the version read, so two senders racing for the last place cannot both win.
 */
export async function reserveMassSend(
  deps: Pick<Deps, 'db'>,
  request: { account: string; cap: number; now: Date },
): Promise<{ reserved: true } | { reserved: false; freeAt: Date }> {
  const { sendWindow } = deps.db.comms.entities;
  const now = request.now.getTime();
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = (await sendWindow.get({ account: request.account }).go({ consistent: true })).data;
    const sends = (current?.sends ?? []).filter((at) => at > now - day);
    if (sends.length >= request.cap) {
      const oldest = sends[sends.length - request.cap] ?? now;
      return { reserved: false, freeAt: new Date(oldest + day) };
    }
    try {
      if (current) {
        await sendWindow
          .patch({ account: request.account })
          .set({ sends: [...sends, now], version: current.version + 1 })
          .where(({ version }, { eq }) => eq(version, current.version))
          .go();
      } else {
        await sendWindow.create({ account: request.account, sends: [now], version: 1 }).go();
      }
      return { reserved: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`Could not reserve a mass-mail place for ${request.account}: too much contention`);
}

/**
 * Gives back a place taken at `at` for a mail that did not go out (SES refused it, or it was never
 * sent), so an SES outage does not burn the day's cap. Removes one instant equal to `at`; a place
 * that already left the window is simply gone.
 */
export async function releaseMassSend(
  deps: Pick<Deps, 'db'>,
  request: { account: string; at: number },
): Promise<boolean> {
  const { sendWindow } = deps.db.comms.entities;
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = (await sendWindow.get({ account: request.account }).go({ consistent: true })).data;
    const index = current?.sends.indexOf(request.at) ?? -1;
    if (!current || index < 0) return false;
    try {
      await sendWindow
        .patch({ account: request.account })
        .set({ sends: current.sends.toSpliced(index, 1), version: current.version + 1 })
        .where(({ version }, { eq }) => eq(version, current.version))
        .go();
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`Could not give back a mass-mail place of ${request.account}: too much contention`);
}
