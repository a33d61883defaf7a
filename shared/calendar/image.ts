import { Entity, type EntityItem } from 'electrodb';
import { cropKinds } from '../images/crop-kinds';

/**
 * An uploaded original (ORG-06) and its crops. The crops live in the original's partition, so
 * "the calendar crop exists" is one ConditionCheck in the event's save transaction.
 * `IMAGE#<imageId>` · `IMAGE` and `IMAGE#<imageId>` · `CROP#<kind>`. The upload and crop pipeline
 * (shared/calendar/event-images.ts, the process-image consumer, sharp: shared/images, decision 0010)
 * fills them; the kinds and their shapes are shared/images/crop-kinds.ts.
 *
 * An image moves through `imageStatuses`: `uploading` (the signed form is out) → `checking` (the
 * upload was confirmed, the consumer inspects it) → `refused` (with its reason; the original is
 * deleted) or `ready` (its upright size is known, the organizer may crop it) → `cropping` (the
 * rectangles are recorded, the consumer renders them; `cropRequestId` names that request) →
 * `cropped`. Cropping again goes back to `cropping` from `ready` or `cropped`.
 */
export const imageStatuses = ['uploading', 'checking', 'refused', 'ready', 'cropping', 'cropped'] as const;
export type ImageStatus = (typeof imageStatuses)[number];

export const imageEntity = () =>
  new Entity(
    {
      model: { entity: 'image', version: '1', service: 'parvis' },
      attributes: {
        imageId: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        /** Key of the original in the `uploads` bucket: `images/<orgId>/<imageId>`. */
        objectKey: { type: 'string', required: true, readOnly: true },
        status: { type: imageStatuses, required: true, default: 'uploading' },
        /** Upright width and height (EXIF orientation applied), once inspected. */
        width: { type: 'number' },
        height: { type: 'number' },
        /** Size of the original in bytes, once confirmed. */
        bytes: { type: 'number' },
        /** The real type, read from the bytes (never the browser's). */
        contentType: { type: 'string' },
        /** ETag of the object that was inspected: the crop step refuses another one. */
        etag: { type: 'string' },
        /** Why it was refused (`image_<reason>`), in both languages. */
        refusal: {
          type: 'map',
          properties: {
            code: { type: 'string', required: true },
            fr: { type: 'string', required: true },
            en: { type: 'string', required: true },
          },
        },
        /** The rectangles of the last crop request (`calendar`, `sheet`, `social`: `CropRect`s). */
        requestedCrops: { type: 'any' },
        /** Names the last crop request; the consumer renders only the request it names. */
        cropRequestId: { type: 'string' },
        createdBy: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string' },
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
        /** The image's organization, so a check on the crop can name it too. */
        orgId: { type: 'string' },
        /** The crop request (`Image.cropRequestId`) these renditions were made for. */
        requestId: { type: 'string' },
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
