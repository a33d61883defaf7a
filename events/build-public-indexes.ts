import * as z from 'zod/mini';

/**
 * Contract of the public-indexes queue (CAL-10, decision 0011 §2): `{ v: 1, requestedAt }`, sent
 * after a commit that changed what the public sees. The build reads everything it needs itself;
 * `requestedAt` only lets it drop a request that a build started since has already covered.
 */
export const buildPublicIndexesMessage = z.object({
  v: z.literal(1),
  requestedAt: z.iso.datetime(),
});

export type BuildPublicIndexesMessage = z.output<typeof buildPublicIndexesMessage>;
