import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer';
import { defaultSendingPolicy, massCapFor, platformMassBudget, sendingPolicySchema } from './sending-policy';

describe('sending policy', () => {
  it('COM-04 caps mass mail at 500 per 24 h by default, per account when configured', () => {
    expect(massCapFor(defaultSendingPolicy, 'platform')).toBe(500);
    const policy = sendingPolicySchema.parse({ accountCaps: { 'paris@ecole.example': 200 } });
    expect(massCapFor(policy, 'paris@ecole.example')).toBe(200);
  });

  it('COM-04 never lets mass mail eat the service reserve of the SES quota', () => {
    expect(() =>
      sendingPolicySchema.parse({ sesDailyQuota: 200, serviceReserve: 100, massCapPer24h: 500 }),
    ).toThrow(/serviceReserve/);
    const sandbox = sendingPolicySchema.parse({
      sesDailyQuota: 200,
      serviceReserve: 100,
      massCapPer24h: 100,
    });
    expect(massCapFor({ ...sandbox, accountCaps: { big: 1000 } }, 'big')).toBe(100);
  });

  it('COM-04 shares the SES quota less the service reserve among all accounts as the platform budget', () => {
    expect(platformMassBudget(defaultSendingPolicy)).toBe(49_000);
    expect(
      platformMassBudget(
        sendingPolicySchema.parse({ sesDailyQuota: 200, serviceReserve: 100, massCapPer24h: 100 }),
      ),
    ).toBe(100);
  });

  it('COM-04 waits longer for SES events than a sender holds a message, and gives up after 8 attempts by default', () => {
    expect(defaultSendingPolicy).toMatchObject({
      reconcileAfterSeconds: 900,
      leaseSeconds: 120,
      maxAttempts: 8,
    });
    expect(() => sendingPolicySchema.parse({ leaseSeconds: 300, reconcileAfterSeconds: 300 })).toThrow(
      /reconcileAfterSeconds/,
    );
    expect(() => sendingPolicySchema.parse({ retryBaseSeconds: 600, retryMaxSeconds: 300 })).toThrow(
      /retryMaxSeconds/,
    );
  });

  it('COM-04 paces sends to the configured rate', async () => {
    const waits: number[] = [];
    const pace = createPacer(4, async (ms) => {
      waits.push(ms);
    });
    for (let i = 0; i < 4; i++) await pace();
    expect(waits).toHaveLength(3);
    for (const [index, wait] of waits.entries()) {
      expect(wait).toBeGreaterThan(250 * (index + 1) - 20);
      expect(wait).toBeLessThanOrEqual(250 * (index + 1));
    }
  });
});
