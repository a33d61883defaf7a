/**
 * Previous / next over ElectroDB's forward-only cursors, without JavaScript or server state: the
 * URL carries the current page's cursor (`apres`) and the cursors of the pages before it (`p`,
 * repeated; the first page's is empty), so "previous" is the last of those.
 */
const maxTrail = 40;
const maxCursorLength = 2048;

export interface CursorTrail {
  /** The cursor of the page to show; null for the first page. */
  cursor: string | null;
  /** 1-based. */
  page: number;
  previousUrl?: string;
  nextUrl(next: string | null): string | undefined;
}

export function readTrail(url: URL): CursorTrail {
  const raw = url.searchParams.get('apres');
  const cursor = raw && raw.length <= maxCursorLength ? raw : null;
  const trail = cursor
    ? url.searchParams
        .getAll('p')
        .slice(-maxTrail)
        .filter((entry) => entry.length <= maxCursorLength)
    : [];
  const at = (apres: string | null, before: string[]) => {
    const next = new URL(url);
    next.searchParams.delete('apres');
    next.searchParams.delete('p');
    if (apres) {
      next.searchParams.set('apres', apres);
      for (const entry of before) next.searchParams.append('p', entry);
    }
    return next.pathname + next.search;
  };
  return {
    cursor,
    page: cursor ? trail.length + 1 : 1,
    previousUrl: cursor ? at(trail.at(-1) || null, trail.slice(0, -1)) : undefined,
    nextUrl: (next) => (next ? at(next, [...trail, cursor ?? '']) : undefined),
  };
}
