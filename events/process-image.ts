import * as z from 'zod/mini';

/**
 * Contract of the process-image queue (ORG-06, decision 0010 §5): `{ v: 1, action, imageId }`;
 * everything else (the object's key, the rectangles) stays on the Image item, so a message read
 * twice, late, or after a newer one changes nothing the item does not allow.
 * - `inspect`: the upload was confirmed; judge the original by its content.
 * - `crop`: render the crop request `requestId` (the Image item's `cropRequestId`).
 */
const imageId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export const processImageMessage = z.discriminatedUnion('action', [
  z.object({ v: z.literal(1), action: z.literal('inspect'), imageId }),
  z.object({
    v: z.literal(1),
    action: z.literal('crop'),
    imageId,
    requestId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
  }),
]);

export type ProcessImageMessage = z.output<typeof processImageMessage>;
