import { Entity } from 'electrodb';
import { isConditionFailure } from './conditions';

/**
 * A marker saying "this message / event was already handled". Consumers write it with a
 * not-exists condition before acting, so a replayed or duplicated delivery changes nothing twice.
 * Markers expire (TTL) well after any redelivery window.
 */
export const dedupeMarkerEntity = () =>
  new Entity(
    {
      model: { entity: 'dedupeMarker', version: '1', service: 'parvis' },
      attributes: {
        scope: { type: 'string', required: true, readOnly: true },
        key: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        expiresAt: { type: 'number', required: true, readOnly: true },
      },
      indexes: {
        byKey: {
          pk: {
            field: 'pk',
            composite: ['scope', 'key'],
            template: 'DEDUPE#${scope}#${key}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: [], template: 'DEDUPE', casing: 'none' },
        },
      },
    },
    {},
  );

/**
 * Records that `scope`/`key` is being handled; false when it already was. Call it before the side
 * effect only when the side effect itself cannot be made conditional.
 */
export async function markHandledOnce(
  db: { entities: { dedupeMarker: ReturnType<typeof dedupeMarkerEntity> } },
  marker: { scope: string; key: string; now: Date; keepDays?: number },
): Promise<boolean> {
  const keepDays = marker.keepDays ?? 14;
  try {
    await db.entities.dedupeMarker
      .create({
        scope: marker.scope,
        key: marker.key,
        at: marker.now.toISOString(),
        expiresAt: Math.floor(marker.now.getTime() / 1000) + keepDays * 86_400,
      })
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
