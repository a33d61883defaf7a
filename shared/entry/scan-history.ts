/**
 * An event's scans for its organizer (TIX-12): Query `SCANS#<eventId>` newest first, a page at a
 * time, with the scanners' names and the conflicts (two devices that let one ticket in) marked.
 */
import * as z from 'zod/mini';
import { parseInput } from '../kernel/validate';
import type { ScanResult } from './scan';
import { type EntryDeps, nameOf, openDoor, scannerActor } from './scan-ticket';

const scanHistoryInput = z.object({
  actor: scannerActor,
  eventId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(200)), 50),
});

export interface HistoryEntry {
  scanId: string;
  scannedAt: string;
  result: ScanResult;
  offline: boolean;
  deviceId: string;
  scannerName: string;
  ticketId?: string;
  usedAt?: string;
  conflictWith?: string;
}

export async function scanHistory(
  deps: EntryDeps,
  input: z.input<typeof scanHistoryInput>,
): Promise<{ scans: HistoryEntry[]; cursor?: string }> {
  const { actor, eventId, cursor, limit } = parseInput(scanHistoryInput, input);
  const door = await openDoor(deps, actor, eventId);
  const page = await deps.db.entry.entities.scan.query
    .byEvent({ eventId })
    .go({ order: 'desc', limit, ...(cursor ? { cursor } : {}) });
  const scans = await Promise.all(
    page.data.map(async (scan) => ({
      scanId: scan.scanId,
      scannedAt: scan.scannedAt,
      result: scan.result,
      offline: scan.offline,
      deviceId: scan.deviceId,
      scannerName: await nameOf(door, scan.scannerId),
      ...(scan.ticketId ? { ticketId: scan.ticketId } : {}),
      ...(scan.usedAt ? { usedAt: scan.usedAt } : {}),
      ...(scan.conflictWith ? { conflictWith: scan.conflictWith } : {}),
    })),
  );
  return { scans, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
