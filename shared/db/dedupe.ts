import { Entity } from 'electrodb';
import { isConditionFailure } from './conditions';

/**
 * A marker saying "this message / event was already handled", so a replayed or duplicated delivery
 * changes nothing twice. Written with its effect (in the same transaction) or after effects that
 * are idempotent themselves, never before them: a marker written before an effect that then fails
 * would make the redelivery look like a duplicate and lose the effect. Markers expire (TTL) well
 * after any redelivery window.
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

/** Whether `scope`/`key` was already handled: a cheap check before redoing idempotent effects. */
export async function wasHandled(
  db: { entities: { dedupeMarker: ReturnType<typeof dedupeMarkerEntity> } },
  marker: { scope: string; key: string },
): Promise<boolean> {
  const found = await db.entities.dedupeMarker.get({ scope: marker.scope, key: marker.key }).go();
  return Boolean(found.data);
}

/** Records that `scope`/`key` was handled, once its effects are written. Idempotent. */
export async function markHandled(
  db: { entities: { dedupeMarker: ReturnType<typeof dedupeMarkerEntity> } },
  marker: { scope: string; key: string; now: Date; keepDays?: number },
): Promise<void> {
  await db.entities.dedupeMarker
    .put({
      scope: marker.scope,
      key: marker.key,
      at: marker.now.toISOString(),
      expiresAt: Math.floor(marker.now.getTime() / 1000) + (marker.keepDays ?? 14) * 86_400,
    })
    .go();
}

/**
 * Claims `scope`/`key` with a not-exists condition; false when it already was claimed. Only for an
 * effect that cannot fail once claimed (or whose loss is acceptable, such as the demo seed): for
 * anything else write the marker with the effect or after it (see above).
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
