/**
 * The embeddable calendar's document (issue #12): a page of its own, without the site's header and
 * footer, that any website may put in an <iframe>. It is written here rather than by a Svelte page
 * so that it carries its own, stricter policy: no script but the site's own sizing script, styles
 * allowed by their hash only, nothing posted anywhere, and no `frame-ancestors` (the one route
 * hooks.server.ts lets be framed, security-headers.ts `frameableRoutes`). Every text is escaped.
 */
import { createHash } from 'node:crypto';
import { badgeText, renditionUrl, whenDatetime, whenText } from '$lib/components/calendar/format';
import { paths } from '$lib/paths';
import { calendarQueryString } from '$shared/calendar/calendar-address';
import type { EmbeddedCalendar, EmbedOptions } from '$shared/calendar/embed';
import { embedPalette } from '$shared/calendar/embed';
import { escapeHtml as esc } from '$shared/templates/email/compose';
import { type Locale, localeTag } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/** The frame-side half of the sizing: tells the parent page its height (web/static). */
export const embedFrameScript = '/integration-frame.js';

function styles(options: EmbedOptions): string {
  const palette = embedPalette[options.theme];
  const soft = options.theme === 'sombre' ? '#c9c0b4' : '#5b524b';
  const line = options.theme === 'sombre' ? '#3a3734' : '#e2dbcf';
  return `:root{--bg:${palette.background};--ink:${palette.ink};--soft:${soft};--line:${line};--accent:${options.accent};--accent-text:${options.accentText};color-scheme:${options.theme === 'sombre' ? 'dark' : 'light'}}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{padding:12px}
h1{font-size:1.125rem;margin:0 0 8px}
ol{list-style:none;margin:0;padding:0;display:grid;gap:8px}
li{border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:8px 12px;display:flex;gap:12px;align-items:flex-start}
li img{width:88px;height:66px;object-fit:cover;border-radius:4px;flex:none}
.when{display:block;font-size:.875rem;color:var(--soft)}
a{color:var(--accent-text);font-weight:700;text-decoration:underline;text-underline-offset:2px}
a:hover{text-decoration-thickness:2px}
a:focus-visible{outline:3px solid var(--accent-text);outline-offset:2px;border-radius:2px}
.where,.badges{display:block;font-size:.875rem;color:var(--soft)}
.empty{margin:0;color:var(--soft)}
footer{margin-top:10px;font-size:.875rem;display:flex;flex-wrap:wrap;gap:4px 16px;justify-content:space-between}
footer a{font-weight:400}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function policy(style: string): string {
  return [
    "default-src 'none'",
    `style-src ${hash(style)}`,
    "img-src 'self' https: data:",
    "script-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function document(locale: Locale, title: string, style: string, body: string, theme: string): string {
  return `<!doctype html>
<html lang="${localeTag(locale)}" class="${esc(theme)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${style}</style>
<script src="${embedFrameScript}" defer></script>
</head>
<body>
${body}
</body>
</html>`;
}

/** The frame of an organization's next events. */
export function embedDocument(
  calendar: EmbeddedCalendar,
  options: EmbedOptions,
  locale: Locale,
  orgId: string,
): { html: string; csp: string } {
  const style = styles(options);
  const newTab = esc(t(locale, 'embed.frame.newTab'));
  const items = calendar.cards
    .map((card) => {
      // The card crop's default rendition, which the calendar entry carries.
      const src = card.imageKey ? renditionUrl(card.imageKey) : undefined;
      const badges = card.badges.map((badge) => badgeText(badge, locale)).join(' · ');
      return `<li>${src ? `<img src="${esc(src)}" alt="" loading="lazy" width="88" height="66">` : ''}<div>
<time class="when" datetime="${esc(whenDatetime(card.when))}">${esc(whenText(card.when, locale))}</time>
<a href="${esc(paths.eventSheet(locale, card.slug))}" target="_blank" rel="noopener">${esc(card.title)}<span class="sr"> ${newTab}</span></a>
${card.venueNames.length > 0 ? `<span class="where">${esc(card.venueNames.join(', '))}</span>` : ''}
${badges ? `<span class="badges">${esc(badges)}</span>` : ''}
</div></li>`;
    })
    .join('\n');
  const all = `${paths.home(locale)}${calendarQueryString({ presenterOrgId: orgId })}`;
  const body = `<main>
<h1>${esc(t(locale, 'embed.frame.heading'))}</h1>
${items ? `<ol>\n${items}\n</ol>` : `<p class="empty">${esc(t(locale, 'embed.frame.empty'))}</p>`}
<footer>
<a href="${esc(all)}" target="_blank" rel="noopener">${esc(t(locale, 'embed.frame.all', { name: calendar.organizationName }))}<span class="sr"> ${newTab}</span></a>
<span>${esc(t(locale, 'embed.frame.source'))}</span>
</footer>
</main>`;
  return {
    html: document(
      locale,
      t(locale, 'embed.frame.title', { name: calendar.organizationName }),
      style,
      body,
      options.theme,
    ),
    csp: policy(style),
  };
}

/** An unknown or suspended organization's frame: a sentence in its place, not the site's error page. */
export function embedNotFoundDocument(options: EmbedOptions, locale: Locale): { html: string; csp: string } {
  const style = styles(options);
  const text = t(locale, 'embed.frame.notFound');
  return {
    html: document(locale, text, style, `<main><p class="empty">${esc(text)}</p></main>`, options.theme),
    csp: policy(style),
  };
}
