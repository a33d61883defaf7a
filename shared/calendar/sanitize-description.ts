import sanitizeHtml from 'sanitize-html';

/**
 * The event description (ORG-05) is HTML from a rich-text editor, sanitized once on save with a
 * maintained library (`sanitize-html`), so the sheet can print it as is. Allowed: text formatting,
 * lists, headings, links (http, https, mailto only, opened with rel="noopener") and video embeds
 * from YouTube and Vimeo. Nothing else runs: no script, style, event handler, form or other frame.
 */
export const descriptionMaxBytes = 100 * 1024;

const embedHosts = [
  'www.youtube.com',
  'youtube.com',
  'www.youtube-nocookie.com',
  'youtube-nocookie.com',
  'player.vimeo.com',
];

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'h4',
    'a',
    'iframe',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    iframe: ['src', 'title', 'width', 'height', 'allow', 'allowfullscreen', 'frameborder'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { iframe: ['https'] },
  allowProtocolRelative: false,
  allowedIframeHostnames: embedHosts,
  allowIframeRelativeUrls: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...attribs,
        rel: 'noopener noreferrer',
        ...(attribs.target ? { target: '_blank' } : {}),
      },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'iframe' && !isEmbedSource(frame.attribs.src ?? ''),
};

/** YouTube or Vimeo player URLs only, over https. */
function isEmbedSource(src: string): boolean {
  try {
    const url = new URL(src);
    if (url.protocol !== 'https:' || !embedHosts.includes(url.hostname)) return false;
    return url.hostname === 'player.vimeo.com'
      ? url.pathname.startsWith('/video/')
      : url.pathname.startsWith('/embed/');
  } catch {
    return false;
  }
}

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, options).trim();
}
