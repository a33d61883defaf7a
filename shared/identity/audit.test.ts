import { createWriteTransaction } from 'electrodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import { auditActions, auditTargetOf, listAudit, newAuditEntry, recordAudit } from './audit';

/** The audit log (PLAT-02) against DynamoDB Local, in a table of this file's own (months are read whole). */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
let bed: PrivateTestBed;
let deps: Deps;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('audit', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

describe('recordAudit', () => {
  it('PLAT-02 CRM-09 writes one item under the target, the month and the actor, with ids and codes only', async () => {
    const clientId = ulid();
    const staffId = ulid();
    const entry = await recordAudit(deps, {
      action: 'impersonation.start',
      targetId: clientId,
      actorUserId: staffId,
    });
    expect(entry).toMatchObject({ targetType: 'CLIENT', month: '2026-11', at: start });
    const item = await bed.item(`AUDIT#CLIENT#${clientId}`, `${start}#${entry.auditId}`);
    expect(item).toMatchObject({
      gsi1pk: 'AUDIT#2026-11',
      gsi1sk: `${start}#${entry.auditId}`,
      gsi3pk: `USER#${staffId}`,
      gsi3sk: `AUDIT#${start}#${entry.auditId}`,
      action: 'impersonation.start',
      targetId: clientId,
      actorUserId: staffId,
    });
  });

  it('PLAT-02 takes every listed action, each on its own kind of target', async () => {
    for (const action of auditActions) {
      const entry = await recordAudit(deps, { action, targetId: ulid(), actorUserId: ulid() });
      expect(entry.targetType).toBe(auditTargetOf[action]);
    }
    expect(auditActions).toEqual(
      expect.arrayContaining([
        'impersonation.start',
        'impersonation.end',
        'client.delete',
        'client.deactivate',
        'client.restore',
        'role.grant',
        'role.revoke',
        'export',
        'staff.login',
        'template.save',
        'org.create',
        'member.add',
        'member.remove',
      ]),
    );
  });

  it('PLAT-02 refuses names, addresses, markup, free text and unknown fields', async () => {
    const base = { action: 'role.grant' as const, targetId: ulid(), actorUserId: ulid() };
    const refused: unknown[] = [
      { ...base, targetId: 'Léa Tremblay' },
      { ...base, targetId: 'lea@example.org' },
      { ...base, targetId: '<script>alert(1)</script>' },
      { ...base, targetId: 'x'.repeat(10_000) },
      { ...base, targetId: '' },
      { ...base, targetId: 'A#B' },
      { ...base, actorUserId: '' },
      { ...base, action: 'client.rename' },
      { ...base, refs: { role: 'owner' } },
      { ...base, refs: { orgId: '12 rue des Lilas' } },
      { ...base, refs: { name: 'Tremblay' } },
      { ...base, note: 'free text' },
    ];
    for (const input of refused) {
      await expect(recordAudit(deps, input as never)).rejects.toBeInstanceOf(ValidationError);
    }
    const granted = await recordAudit(deps, { ...base, refs: { orgId: 'parvis', role: 'staff' } });
    expect(granted.refs).toEqual({ orgId: 'parvis', role: 'staff' });
  });

  it('PLAT-02 an entry cannot be written twice, nor changed, nor created over', async () => {
    const { auditEntry } = deps.db.identity.entities;
    const entry = newAuditEntry(deps, { action: 'export', targetId: ulid(), actorUserId: ulid() });
    await auditEntry.create(entry).go();
    // Same key, other content: refused, not overwritten.
    const again = auditEntry.create({ ...entry, actorUserId: 'someone-else', refs: { format: 'csv' } }).go();
    await expect(again).rejects.toSatisfy(isConditionFailure);
    const key = {
      targetType: entry.targetType,
      targetId: entry.targetId,
      at: entry.at,
      auditId: entry.auditId,
    };
    // Every attribute is read-only: ElectroDB refuses to build the update at all.
    expect(() =>
      auditEntry
        .update(key)
        .set({ action: 'client.delete' } as never)
        .params(),
    ).toThrow(/read-only/i);
    expect(() =>
      auditEntry
        .patch(key)
        .set({ actorUserId: 'someone-else' } as never)
        .params(),
    ).toThrow(/read-only/i);
    const stored = await bed.item(`AUDIT#JOB#${entry.targetId}`, `${entry.at}#${entry.auditId}`);
    expect(stored).toMatchObject({ action: 'export', actorUserId: entry.actorUserId });
  });

  it('PLAT-02 concurrent entries are all kept, even in the same millisecond', async () => {
    const targetId = ulid();
    await Promise.all(
      Array.from({ length: 25 }, () =>
        recordAudit(deps, { action: 'template.save', targetId, actorUserId: ulid() }),
      ),
    );
    const { entries } = await listAudit(deps, { by: 'target', targetType: 'TEMPLATE', targetId, limit: 100 });
    expect(entries).toHaveLength(25);
    expect(new Set(entries.map((entry) => entry.auditId)).size).toBe(25);
  });
});

describe('audit in the action’s transaction', () => {
  /** A membership granted with its audit entry, as a role change does it. */
  async function grantWithAudit(userId: string, actorUserId: string) {
    const { membership, auditEntry } = deps.db.identity.entities;
    return createWriteTransaction({ membership, auditEntry }, (entities) => [
      entities.membership
        .create({ userId, orgId: 'parvis', role: 'staff', grantedAt: start, grantedBy: actorUserId })
        .commit(),
      entities.auditEntry
        .create(
          newAuditEntry(deps, {
            action: 'role.grant',
            targetId: userId,
            actorUserId,
            refs: { orgId: 'parvis', role: 'staff' },
          }),
        )
        .commit(),
    ]).go();
  }

  it('PLAT-02 ROLE-05 the entry is written with the action, and not at all when the action fails', async () => {
    const userId = ulid();
    const actorUserId = ulid();
    expect((await grantWithAudit(userId, actorUserId)).canceled).toBe(false);
    clock.advance(1000);
    // The membership exists now: the second grant fails, and so must its entry.
    expect((await grantWithAudit(userId, actorUserId)).canceled).toBe(true);
    const { entries } = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: userId });
    expect(entries.map((entry) => entry.at)).toEqual([start]);
  });
});

describe('listAudit', () => {
  it('PLAT-02 lists a month newest first, a page at a time, without the neighbouring months', async () => {
    const own = await privateTestBed('audit-month', clock);
    const actorUserId = ulid();
    const times = [
      '2026-09-30T23:59:59.999Z',
      '2026-10-01T00:00:00.000Z',
      '2026-10-10T08:00:00.000Z',
      '2026-10-20T08:00:00.000Z',
      '2026-10-31T23:59:59.999Z',
      '2026-11-01T00:00:00.000Z',
    ];
    for (const at of times) {
      clock.set(at);
      await recordAudit(own.deps, { action: 'staff.login', targetId: actorUserId, actorUserId });
    }
    const first = await listAudit(own.deps, { by: 'month', month: '2026-10', limit: 3 });
    expect(first.entries.map((entry) => entry.at)).toEqual([
      '2026-10-31T23:59:59.999Z',
      '2026-10-20T08:00:00.000Z',
      '2026-10-10T08:00:00.000Z',
    ]);
    // Hydrated: the whole entry, though the index projects only keys.
    expect(first.entries[0]).toMatchObject({ action: 'staff.login', actorUserId, targetType: 'USER' });
    const second = await listAudit(own.deps, {
      by: 'month',
      month: '2026-10',
      limit: 3,
      cursor: first.cursor,
    });
    expect(second.entries.map((entry) => entry.at)).toEqual(['2026-10-01T00:00:00.000Z']);
    expect(second.cursor).toBeNull();
  });

  it('PLAT-02 lists an actor’s entries newest first, and only theirs', async () => {
    const actorUserId = ulid();
    const clients = [ulid(), ulid(), ulid()];
    for (const clientId of clients) {
      clock.advance(60_000);
      await recordAudit(deps, { action: 'client.deactivate', targetId: clientId, actorUserId });
    }
    await recordAudit(deps, { action: 'client.deactivate', targetId: ulid(), actorUserId: ulid() });
    const first = await listAudit(deps, { by: 'actor', actorUserId, limit: 2 });
    expect(first.entries.map((entry) => entry.targetId)).toEqual([clients[2], clients[1]]);
    const second = await listAudit(deps, { by: 'actor', actorUserId, limit: 2, cursor: first.cursor });
    expect(second.entries.map((entry) => entry.targetId)).toEqual([clients[0]]);
    expect(second.entries[0]).toMatchObject({ action: 'client.deactivate', targetType: 'CLIENT' });
  });

  it('PLAT-02 refuses a malformed month, target, limit or cursor', async () => {
    const bad: unknown[] = [
      { by: 'month', month: '2026-13' },
      { by: 'month', month: '2026-1' },
      { by: 'month', month: '' },
      { by: 'actor', actorUserId: 'a b' },
      { by: 'target', targetType: 'EVENT', targetId: ulid() },
      { by: 'anything' },
      { by: 'month', month: '2026-10', limit: 0 },
      { by: 'month', month: '2026-10', limit: 10_000 },
      { by: 'month', month: '2026-10', cursor: 'forged' },
      { by: 'month', month: '2026-10', cursor: 'x'.repeat(10_000) },
    ];
    for (const input of bad) {
      await expect(listAudit(deps, input as never)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
