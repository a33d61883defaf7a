/** Paging helpers shared by the domain's lists. */
import * as z from 'zod/mini';
import { ValidationError } from '../kernel/errors';

/** An opaque ElectroDB cursor as it comes back from a URL. */
export const cursorField = z.optional(z.nullable(z.string().check(z.maxLength(2048))));

/** A cursor that ElectroDB cannot read (edited in the URL) is bad input, not an internal error. */
export async function withCursor<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isCursorError(error)) {
      throw new ValidationError([{ path: 'cursor', message: 'invalid' }], {
        fr: 'Ce lien de page n’est plus valide. Recommencez la recherche.',
        en: 'This page link is no longer valid. Start the search again.',
      });
    }
    throw error;
  }
}

/** ElectroDB refuses what it cannot decode; DynamoDB refuses a key outside the queried partition. */
function isCursorError(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return (
    name === 'ElectroError' && /parse cursor|starting key is invalid|ExclusiveStartKey/i.test(message ?? '')
  );
}
