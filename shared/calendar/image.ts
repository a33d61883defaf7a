import { Entity, type EntityItem } from 'electrodb';
import { cropKinds } from '../images/crop-kinds';

/**
 * An uploaded original (ORG-06) and its crops. The crops live in the original's partition, so
 * "the calendar crop exists" is one ConditionCheck in the event's save transaction.
 * `IMAGE#<imageId>` · `IMAGE` and `IMAGE#<imageId>` · `CROP#<kind>`. The upload and crop pipeline
 * (presigned upload, sharp: shared/images, decision 0010) fills them; this domain reads and checks
 * them. The kinds and their shapes are shared/images/crop-kinds.ts.
 */

export const imageEntity = () =>
  new Entity(
    {
      model: { entity: 'image', version: '1', service: 'parvis' },
      attributes: {
        imageId: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        objectKey: { type: 'string', required: true, readOnly: true },
        width: { type: 'number', required: true },
        height: { type: 'number', required: true },
        bytes: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        /** Removed when the image is attached to an event; until then TTL cleans up (24 h). */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['imageId'], template: 'IMAGE#${imageId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'IMAGE', casing: 'none' },
        },
      },
    },
    {},
  );

export const cropEntity = () =>
  new Entity(
    {
      model: { entity: 'crop', version: '1', service: 'parvis' },
      attributes: {
        imageId: { type: 'string', required: true, readOnly: true },
        kind: { type: [...cropKinds] as const, required: true, readOnly: true },
        /** The rectangle chosen in the browser, in pixels of the upright original (EXIF applied): `CropRect`. */
        left: { type: 'number', required: true },
        top: { type: 'number', required: true },
        width: { type: 'number', required: true },
        height: { type: 'number', required: true },
        /** The renditions `storeCrops` returned (width, height, format, type, key, size), for `srcset` (decision 0010). */
        renditions: { type: 'any' },
        /** The default rendition, for cards and share images. */
        primaryKey: { type: 'string' },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byImage: {
          pk: { field: 'pk', composite: ['imageId'], template: 'IMAGE#${imageId}', casing: 'none' },
          sk: { field: 'sk', composite: ['kind'], template: 'CROP#${kind}', casing: 'none' },
        },
      },
    },
    {},
  );

export type Image = EntityItem<ReturnType<typeof imageEntity>>;
export type Crop = EntityItem<ReturnType<typeof cropEntity>>;
