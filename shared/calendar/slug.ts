/**
 * Event slugs (CAL-06): lower-case ASCII kebab-case (data-model §1.3), from the title when the
 * organizer does not choose one. Accents fold (`Théâtre` → `theatre`), ligatures spell out.
 */
export const slugMaxLength = 80;

export function slugify(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
  const slug = folded
    .replace(/['’]/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, slugMaxLength)
    .replace(/-+$/g, '');
  return slug;
}

/** A slug as a key may hold it: what `slugify` would produce from itself, and non-empty. */
export function isSlug(value: string): boolean {
  return value.length > 0 && value.length <= slugMaxLength && slugify(value) === value;
}

/** The n-th alternative of a taken slug: `fete`, `fete-2`, `fete-3`… */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return `${base.slice(0, slugMaxLength - suffix.length).replace(/-+$/g, '')}${suffix}`;
}
