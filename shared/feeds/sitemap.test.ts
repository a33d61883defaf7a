import { describe, expect, it } from 'vitest';
import { type Element, xml2js } from 'xml-js';
import { maxUrlsPerSitemap, sitemaps, sitemapXml } from './sitemap';

const locs = (xml: string) =>
  ((xml2js(xml, { compact: false }) as Element).elements?.[0]?.elements ?? []).map((entry) =>
    String(entry.elements?.[0]?.elements?.[0]?.text ?? ''),
  );

describe('sitemap.xml (CAL-06)', () => {
  it('CAL-06 lists URLs with lastmod, escaped', () => {
    const xml = sitemapXml([
      {
        loc: 'https://parvis.example/fr/evenements/a?x=1&y=<2>',
        lastmod: new Date('2026-12-01T10:00:00.123Z'),
      },
      { loc: "https://parvis.example/fr/evenements/l'été", lastmod: '2026-11-30' },
      { loc: 'https://parvis.example/en/' },
    ]);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain(
      '<loc>https://parvis.example/fr/evenements/a?x=1&amp;y=%3C2%3E</loc><lastmod>2026-12-01T10:00:00Z</lastmod>',
    );
    expect(xml).toContain('<lastmod>2026-11-30</lastmod>');
    expect(locs(xml)).toEqual([
      'https://parvis.example/fr/evenements/a?x=1&y=%3C2%3E',
      "https://parvis.example/fr/evenements/l'%C3%A9t%C3%A9",
      'https://parvis.example/en/',
    ]);
    expect(() => sitemapXml([{ loc: '/relative' }])).toThrow();
    expect(() => sitemapXml([{ loc: 'https://p.example/', lastmod: 'hier' }])).toThrow();
  });

  it('CAL-06 beyond 50,000 URLs: an index and parts of at most 50,000', () => {
    const urls = Array.from({ length: maxUrlsPerSitemap + 1 }, (_, at) => ({
      loc: `https://parvis.example/fr/e/${at}`,
    }));
    expect(() => sitemapXml(urls)).toThrow(/50000/);
    const { root, parts } = sitemaps(urls, {
      partUrl: (part) => `https://parvis.example/sitemap-${part}.xml`,
      now: new Date('2026-12-02T00:00:00Z'),
    });
    expect(root).toContain('<sitemapindex');
    expect(locs(root)).toEqual([
      'https://parvis.example/sitemap-1.xml',
      'https://parvis.example/sitemap-2.xml',
    ]);
    expect(parts.map((part) => part.match(/<url>/g)?.length)).toEqual([maxUrlsPerSitemap, 1]);
    expect(parts[0]?.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')).toBe(true);
    expect(locs(parts[1] ?? '')).toEqual([`https://parvis.example/fr/e/${maxUrlsPerSitemap}`]);

    const small = sitemaps(urls.slice(0, 3), { partUrl: () => 'unused' });
    expect(small.parts).toEqual([]);
    expect(locs(small.root)).toHaveLength(3);
  });
});
