import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConflictError, toUserError, ValidationError } from './errors';
import { parseInput } from './validate';

describe('errors', () => {
  it('PLAT-01 shows domain errors in the user language and hides internal ones', () => {
    const conflict = new ConflictError('sold_out', { fr: 'Complet.', en: 'Sold out.' });
    expect(toUserError(conflict, 'fr')).toEqual({ status: 409, code: 'sold_out', message: 'Complet.' });
    expect(toUserError(conflict, 'en').message).toBe('Sold out.');
    const internal = toUserError(new Error('connect ECONNREFUSED 10.0.0.1'), 'fr');
    expect(internal.status).toBe(500);
    expect(internal.message).not.toContain('ECONNREFUSED');
  });

  it('PLAT-01 turns schema failures into a ValidationError naming the field', () => {
    const schema = z.object({ email: z.email() });
    try {
      parseInput(schema, { email: 'pas-un-courriel' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('email');
      expect(toUserError(error, 'fr').message).toBe('Certaines informations sont invalides.');
    }
  });
});
