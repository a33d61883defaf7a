import { absoluteUrl } from './text';

/**
 * sitemap.xml (CAL-06) per the sitemaps.org protocol: at most 50,000 URLs and 50 MB uncompressed
 * per file; beyond, a sitemap index lists the parts. Every value is XML-escaped.
 */

export interface SitemapUrl {
  /** Absolute http(s) URL, under 2,048 characters. */
  loc: string;
  /** Last change: an instant, or a date `YYYY-MM-DD`. */
  lastmod?: Date | string;
}

export const maxUrlsPerSitemap = 50_000;
export const maxSitemapBytes = 50 * 1024 * 1024;
const xmlHead = '<?xml version="1.0" encoding="UTF-8"?>\n';
const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (value: string) => value.replace(/[&<>"']/g, (char) => xmlEntities[char] as string);

function lastmod(value: Date | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `<lastmod>${value}</lastmod>`;
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`sitemap lastmod is not a date: ${String(value)}`);
  return `<lastmod>${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</lastmod>`;
}

function entry(tag: 'url' | 'sitemap', url: SitemapUrl): string {
  const loc = absoluteUrl(url.loc);
  if (loc.length >= 2048) throw new Error(`sitemap URL too long: ${loc.slice(0, 80)}…`);
  return `<${tag}><loc>${escapeXml(loc)}</loc>${lastmod(url.lastmod)}</${tag}>\n`;
}

const wrap = (root: 'urlset' | 'sitemapindex', body: string) =>
  `${xmlHead}<${root} xmlns="${namespace}">\n${body}</${root}>\n`;

/** One sitemap file; throws beyond 50,000 URLs (use `sitemaps`). */
export function sitemapXml(urls: readonly SitemapUrl[]): string {
  if (urls.length > maxUrlsPerSitemap) throw new Error(`a sitemap holds at most ${maxUrlsPerSitemap} URLs`);
  return wrap('urlset', urls.map((url) => entry('url', url)).join(''));
}

/**
 * Every file for `urls`: one sitemap when they fit in one, else parts of at most 50,000 URLs
 * (and under 50 MB) and an index listing them at `partUrl(n)` (n from 1). Serve `root` at
 * /sitemap.xml and `parts[n - 1]` at partUrl(n).
 */
export function sitemaps(
  urls: readonly SitemapUrl[],
  { partUrl, now = new Date() }: { partUrl: (part: number) => string; now?: Date },
): { root: string; parts: string[] } {
  const entries = urls.map((url) => entry('url', url));
  const overhead = wrap('urlset', '').length;
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = overhead;
  for (const line of entries) {
    const size = Buffer.byteLength(line);
    if (current.length === maxUrlsPerSitemap || bytes + size > maxSitemapBytes) {
      chunks.push(current);
      current = [];
      bytes = overhead;
    }
    current.push(line);
    bytes += size;
  }
  chunks.push(current);
  if (chunks.length === 1) return { root: wrap('urlset', entries.join('')), parts: [] };
  const parts = chunks.map((chunk) => wrap('urlset', chunk.join('')));
  const index = chunks.map((_, at) => entry('sitemap', { loc: partUrl(at + 1), lastmod: now })).join('');
  return { root: wrap('sitemapindex', index), parts };
}

export const sitemapContentType = 'application/xml; charset=utf-8';
