import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { calendarQueryString, readCalendarQuery } from '../../shared/calendar/calendar-address';
import { viewerIpHeader } from '../../web/lambda/origin-verify';
import { forwardViewerCode, publicQueryParams } from './forward-viewer';

type Value = { value: string; multiValue?: { value: string }[] };
interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, Value>;
  headers: Record<string, Value>;
  cookies: Record<string, Value>;
}

/** The function's very text, run in a fresh V8 context as CloudFront runs it: no module, no Node API. */
const context = createContext({});
runInContext(forwardViewerCode(), context);
const handler = context.handler as (event: unknown) => CfRequest;

/** A viewer request in CloudFront Functions' event shape (repeated parameters as multiValue). */
function viewerRequest(method: string, target: string): unknown {
  const url = new URL(target, 'https://parvis.example');
  const querystring: Record<string, Value> = {};
  for (const [name, value] of url.searchParams) {
    const existing = querystring[name];
    if (!existing) querystring[name] = { value };
    else existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
  }
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '203.0.113.7' },
    request: {
      method,
      uri: url.pathname,
      querystring,
      headers: { host: { value: 'parvis.example' } },
      cookies: { parvis_session: { value: 'abc' } },
    },
  };
}

/** The query string CloudFront forwards and keys on, from the returned request. */
function forwarded(request: CfRequest): string {
  const params = new URLSearchParams();
  for (const [name, entry] of Object.entries(request.querystring)) {
    for (const { value } of entry.multiValue ?? [entry]) params.append(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const run = (target: string, method = 'GET') => handler(viewerRequest(method, target));

describe('CloudFront viewer-request function (decision 0013)', () => {
  it('passes the viewer host and IP to the server on every request', () => {
    const request = run('/fr/connexion');
    expect(request.headers['x-forwarded-host']).toEqual({ value: 'parvis.example' });
    expect(request.headers[viewerIpHeader]).toEqual({ value: '203.0.113.7' });
    expect(request.cookies).toEqual({ parvis_session: { value: 'abc' } });
  });

  it('CAL-02 keeps only the calendar filter on the home page, in the viewer’s order, repeats included', () => {
    expect(
      forwarded(run('/fr?utm_source=lettre&gratuit=1&categorie=a&fbclid=x&categorie=b&du=2026-01-02')),
    ).toBe('?gratuit=1&categorie=a&categorie=b&du=2026-01-02');
    expect(forwarded(run('/en?random=8f3a2c'))).toBe('');
    expect(forwarded(run('/en?apres=cursor_1&en-ligne=1'))).toBe('?apres=cursor_1&en-ligne=1');
  });

  it('CAL-02 a filter written by the page itself loses nothing, and what is dropped the page never read', () => {
    const full = calendarQueryString({
      categoryIds: ['cat-1', 'cat-2'],
      audienceIds: ['aud-1'],
      presenterOrgId: 'org-1',
      from: '2026-01-02',
      to: '2026-02-03',
      bigEvent: true,
      free: true,
      online: true,
      exhibition: true,
      cursor: 'abc_DEF-1',
    });
    expect(forwarded(run(`/fr${full}`))).toBe(full);
    const noisy = `/fr${full}&utm_campaign=x&q=y&x-sveltekit-invalidated=1`;
    const kept = new URL(`https://parvis.example/fr${forwarded(run(noisy))}`);
    expect(readCalendarQuery(kept.searchParams)).toEqual(
      readCalendarQuery(new URL(`https://parvis.example${noisy}`).searchParams),
    );
  });

  it('CAL-10 keeps the filter but not the cursor on the feeds, and only q on the search page', () => {
    expect(forwarded(run('/fr/calendrier.ics?gratuit=1&apres=abc&x=1'))).toBe('?gratuit=1');
    expect(forwarded(run('/en/calendrier.rss?clientele=a&utm_medium=rss'))).toBe('?clientele=a');
    expect(forwarded(run('/fr/recherche?q=th%C3%A9%C3%A2tre&page=2&gratuit=1'))).toBe('?q=th%C3%A9%C3%A2tre');
    expect(publicQueryParams.feeds).not.toContain('apres');
  });

  it('keeps only the embedded calendar’s options on an organization’s embed', () => {
    expect(forwarded(run('/fr/integration/ORG-1?theme=sombre&couleur=%23123456&nombre=3&utm_source=x'))).toBe(
      '?theme=sombre&couleur=%23123456&nombre=3',
    );
    expect(forwarded(run('/fr/integration/ORG-1/autre?x=1'))).toBe('?x=1');
  });

  it('CAL-01 drops every parameter on an event sheet, its .ics, the sitemap and robots.txt', () => {
    for (const path of [
      '/fr/evenements/festival-de-jazz',
      '/en/evenements/caf%C3%A9-concert/agenda.ics',
      '/sitemap.xml',
      '/robots.txt',
    ]) {
      expect(forwarded(run(`${path}?v=1&utm_source=x`)), path).toBe('');
    }
  });

  it('keeps SvelteKit’s own parameters on a public page’s data request, and drops the rest', () => {
    expect(
      forwarded(
        run('/fr/__data.json?x-sveltekit-invalidated=01&gratuit=1&noise=1&x-sveltekit-trailing-slash=1'),
      ),
    ).toBe('?x-sveltekit-invalidated=01&gratuit=1&x-sveltekit-trailing-slash=1');
    expect(forwarded(run('/fr/evenements/fete/__data.json?x-sveltekit-invalidated=1&n=2'))).toBe(
      '?x-sveltekit-invalidated=1',
    );
  });

  it('leaves the portals, the forms, other methods and unknown paths their whole query string', () => {
    for (const target of [
      '/fr/connexion?suite=%2Ffr%2Forganisme&x=1',
      '/fr/mon-dossier/documents/d1?at=2026-01-01T00%3A00%3A00Z',
      '/fr/organisme/evenements/e1/image?etape=recadrage',
      '/fr/evenements/fete/autre?x=1',
      '/fr/?gratuit=1&x=1',
      '/langue?page=%2Fen',
      '/de?x=1',
    ]) {
      expect(forwarded(run(target)), target).toBe(new URL(target, 'https://parvis.example').search);
    }
    expect(forwarded(run('/fr?/envoyer&x=1', 'POST'))).toBe('?%2Fenvoyer=&x=1');
  });
});
