/**
 * Pictures for the demo calendar (issue #12): drawn here with sharp from SVG, shapes and gradients
 * only (no text, no font, no download), one per event, in the colours and motifs of its category so
 * a page of cards reads like a real calendar. 4:3, 1600×1200, JPEG: what an organizer's upload looks
 * like to the image pipeline (decision 0010), which then checks and crops it like any other.
 *
 * Local tooling only: sharp is loaded by the demo seed, never by the web server.
 */
import sharp from 'sharp';

export const demoPictureSize = { width: 1600, height: 1200 } as const;

/** A small deterministic generator (mulberry32), seeded from a string (FNV-1a). */
function generator(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pen {
  rand: () => number;
  between(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
  /** `hsl()` with the picture's hue shift applied. */
  hsl(hue: number, saturation: number, lightness: number, alpha?: number): string;
}

function pen(seed: string): Pen {
  const rand = generator(seed);
  const shift = (rand() - 0.5) * 50;
  return {
    rand,
    between: (min, max) => min + rand() * (max - min),
    pick: (values) => values[Math.floor(rand() * values.length)] as (typeof values)[number],
    hsl: (hue, saturation, lightness, alpha = 1) =>
      `hsla(${Math.round((((hue + shift) % 360) + 360) % 360)}, ${saturation}%, ${lightness}%, ${alpha})`,
  };
}

const { width: W, height: H } = demoPictureSize;
const round = (value: number) => Math.round(value * 10) / 10;

function backdrop(p: Pen, id: string, top: string, bottom: string): string {
  const angle = p.between(-0.3, 0.3);
  return [
    `<linearGradient id="${id}" x1="${round(0.5 + angle)}" y1="0" x2="${round(0.5 - angle)}" y2="1">`,
    `<stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`,
  ].join('');
}

/** Music: a stage glow, rings spreading from it, an equalizer across the middle. */
function music(p: Pen): string {
  const hue = p.pick([280, 320, 250]);
  const cx = p.between(650, 950);
  const cy = p.between(450, 650);
  const rings = Array.from({ length: 9 }, (_, index) => {
    const r = 90 + index * p.between(55, 75);
    return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r)}" fill="none" stroke="${p.hsl(hue + 60 + index * 8, 90, 65, 0.5 - index * 0.04)}" stroke-width="${round(p.between(6, 18))}"/>`;
  });
  const bars = Array.from({ length: 26 }, (_, index) => {
    const height = p.between(60, 420);
    const x = 80 + index * 56;
    return `<rect x="${x}" y="${round(1000 - height)}" width="38" height="${round(height)}" rx="8" fill="${p.hsl(hue + 40 + index * 4, 95, 60, 0.85)}"/>`;
  });
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue, 70, 18), p.hsl(hue + 30, 75, 35))}`,
    `<radialGradient id="glow" cx="${round(cx / W)}" cy="${round(cy / H)}" r="0.45"><stop offset="0" stop-color="${p.hsl(hue + 70, 100, 75, 0.9)}"/><stop offset="1" stop-color="${p.hsl(hue, 80, 40, 0)}"/></radialGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/><rect width="${W}" height="${H}" fill="url(#glow)"/>`,
    ...rings,
    ...bars,
  ].join('');
}

/** Theatre: red curtains, a spotlight on the stage, footlights. */
function theatre(p: Pen): string {
  const hue = p.pick([355, 5, 345]);
  const folds = (from: number, to: number) =>
    Array.from({ length: 7 }, (_, index) => {
      const step = (to - from) / 7;
      const x = from + index * step;
      return `<rect x="${round(x)}" y="0" width="${round(step + 1)}" height="${H}" fill="url(#fold)"/>`;
    });
  const lights = Array.from(
    { length: 11 },
    (_, index) => `<circle cx="${230 + index * 114}" cy="1080" r="16" fill="${p.hsl(45, 100, 80, 0.95)}"/>`,
  );
  const spot = p.between(620, 980);
  return [
    '<defs>',
    backdrop(p, 'bg', p.hsl(hue + 200, 30, 8), p.hsl(hue + 210, 35, 16)),
    `<linearGradient id="fold" x1="0" x2="1"><stop offset="0" stop-color="${p.hsl(hue, 85, 22)}"/><stop offset="0.5" stop-color="${p.hsl(hue, 80, 42)}"/><stop offset="1" stop-color="${p.hsl(hue, 85, 20)}"/></linearGradient>`,
    `<radialGradient id="spot" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="${p.hsl(50, 100, 92, 0.95)}"/><stop offset="1" stop-color="${p.hsl(50, 100, 70, 0)}"/></radialGradient>`,
    '</defs>',
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    `<polygon points="${round(spot - 60)},0 ${round(spot + 60)},0 ${round(spot + 330)},1000 ${round(spot - 330)},1000" fill="${p.hsl(50, 100, 85, 0.18)}"/>`,
    `<ellipse cx="${round(spot)}" cy="960" rx="380" ry="90" fill="url(#spot)"/>`,
    `<rect x="0" y="1000" width="${W}" height="200" fill="${p.hsl(30, 45, 22)}"/>`,
    ...folds(0, 360),
    ...folds(1240, 1600),
    `<path d="M0 0 H${W} V150 Q1200 230 800 170 Q400 230 0 150 Z" fill="${p.hsl(hue, 80, 30)}"/>`,
    ...lights,
  ].join('');
}

/** Dance: ribbons sweeping across a dusk gradient, a few sparks. */
function dance(p: Pen): string {
  const hue = p.pick([180, 200, 160]);
  const ribbons = Array.from({ length: 6 }, (_, index) => {
    const y0 = p.between(200, 1000);
    const y1 = p.between(100, 1100);
    const y2 = p.between(100, 1100);
    const y3 = p.between(200, 1000);
    return `<path d="M-50 ${round(y0)} C 500 ${round(y1)}, 1100 ${round(y2)}, 1650 ${round(y3)}" fill="none" stroke="${p.hsl(hue + 140 + index * 22, 90, 62, 0.8)}" stroke-width="${round(p.between(18, 70))}" stroke-linecap="round"/>`;
  });
  const sparks = Array.from(
    { length: 40 },
    () =>
      `<circle cx="${round(p.between(0, W))}" cy="${round(p.between(0, H))}" r="${round(p.between(3, 12))}" fill="${p.hsl(50, 100, 90, p.between(0.4, 0.9))}"/>`,
  );
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue + 40, 60, 22), p.hsl(hue, 70, 45))}</defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    ...ribbons,
    ...sparks,
  ].join('');
}

/** Comedy: a sunny burst of rays and confetti. */
function comedy(p: Pen): string {
  const hue = p.pick([45, 35, 55]);
  const cx = p.between(700, 900);
  const cy = p.between(500, 700);
  const rays = Array.from({ length: 24 }, (_, index) => {
    const a0 = (index / 24) * Math.PI * 2;
    const a1 = a0 + Math.PI / 24;
    const r = 1400;
    return `<polygon points="${round(cx)},${round(cy)} ${round(cx + r * Math.cos(a0))},${round(cy + r * Math.sin(a0))} ${round(cx + r * Math.cos(a1))},${round(cy + r * Math.sin(a1))}" fill="${p.hsl(hue + 10, 100, 70, 0.45)}"/>`;
  });
  const confetti = Array.from({ length: 90 }, () => {
    const x = round(p.between(0, W));
    const y = round(p.between(0, H));
    const colour = p.hsl(p.pick([0, 200, 300, 120, 20]), 90, 55, 0.9);
    return p.rand() < 0.5
      ? `<circle cx="${x}" cy="${y}" r="${round(p.between(8, 22))}" fill="${colour}"/>`
      : `<rect x="${x}" y="${y}" width="${round(p.between(14, 40))}" height="${round(p.between(8, 16))}" fill="${colour}" transform="rotate(${round(p.between(0, 180))} ${x} ${y})"/>`;
  });
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue, 100, 62), p.hsl(hue - 25, 95, 55))}</defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    ...rays,
    `<circle cx="${round(cx)}" cy="${round(cy)}" r="170" fill="${p.hsl(hue + 5, 100, 85)}"/>`,
    ...confetti,
  ].join('');
}

/** Film: a projector's beam through the dark, a strip of frames across it. */
function film(p: Pen): string {
  const hue = p.pick([215, 230, 200]);
  const frames = Array.from({ length: 7 }, (_, index) => {
    const x = 40 + index * 230;
    return `<rect x="${x}" y="500" width="200" height="150" rx="6" fill="${p.hsl(hue + 150 + index * 25, 70, 55, 0.9)}"/>`;
  });
  const holes = Array.from({ length: 32 }, (_, index) => {
    const x = 18 + index * 50;
    return `<rect x="${x}" y="462" width="26" height="20" rx="4" fill="${p.hsl(hue, 30, 10)}"/><rect x="${x}" y="668" width="26" height="20" rx="4" fill="${p.hsl(hue, 30, 10)}"/>`;
  });
  const tilt = round(p.between(-8, 8));
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue, 60, 8), p.hsl(hue, 55, 24))}`,
    `<linearGradient id="beam" x1="0" x2="1"><stop offset="0" stop-color="${p.hsl(55, 100, 90, 0.55)}"/><stop offset="1" stop-color="${p.hsl(55, 100, 80, 0)}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    `<polygon points="0,560 1600,120 1600,1080" fill="url(#beam)"/>`,
    `<g transform="rotate(${tilt} 800 575)"><rect x="-100" y="440" width="1800" height="270" fill="${p.hsl(hue, 25, 14)}"/>${holes.join('')}${frames.join('')}</g>`,
  ].join('');
}

/** Literature: a shelf of books under a lamp's circle of light. */
function literature(p: Pen): string {
  const hue = p.pick([35, 90, 20]);
  const books: string[] = [];
  for (const shelf of [560, 980]) {
    let x = 120;
    while (x < 1480) {
      const width = p.between(44, 96);
      const height = p.between(230, 330);
      const colour = p.hsl(p.pick([0, 25, 140, 200, 260, 45]), p.between(40, 70), p.between(30, 55));
      const lean =
        p.rand() < 0.1 ? ` transform="rotate(${round(p.between(-8, -4))} ${round(x)} ${shelf})"` : '';
      books.push(
        `<rect x="${round(x)}" y="${round(shelf - height)}" width="${round(width)}" height="${round(height)}" rx="4" fill="${colour}"${lean}/>`,
        `<rect x="${round(x + 8)}" y="${round(shelf - height + 30)}" width="${round(width - 16)}" height="10" fill="${p.hsl(45, 70, 75, 0.7)}"/>`,
      );
      x += width + p.between(3, 10);
    }
    books.push(`<rect x="80" y="${shelf}" width="1440" height="36" fill="${p.hsl(hue + 5, 45, 28)}"/>`);
  }
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue, 35, 82), p.hsl(hue + 10, 30, 62))}`,
    `<radialGradient id="lamp" cx="${round(p.between(0.35, 0.65))}" cy="0.15" r="0.6"><stop offset="0" stop-color="${p.hsl(50, 100, 95, 0.9)}"/><stop offset="1" stop-color="${p.hsl(50, 100, 80, 0)}"/></radialGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/><rect width="${W}" height="${H}" fill="url(#lamp)"/>`,
    ...books,
  ].join('');
}

/** Museum: framed abstract paintings on a gallery wall, a bench's shadow below. */
function museum(p: Pen): string {
  const hue = p.pick([210, 30, 160]);
  const frames = [
    { x: 180, y: 230, w: 380, h: 480 },
    { x: 620, y: 170, w: 420, h: 560 },
    { x: 1100, y: 260, w: 320, h: 420 },
  ].map(({ x, y, w, h }, index) => {
    const fill = p.hsl(p.between(0, 360), 75, 55);
    const shapes = Array.from({ length: 4 }, () => {
      const cx = round(x + p.between(0.2, 0.8) * w);
      const cy = round(y + p.between(0.2, 0.8) * h);
      return p.rand() < 0.5
        ? `<circle cx="${cx}" cy="${cy}" r="${round(p.between(30, w / 3))}" fill="${p.hsl(p.between(0, 360), 80, 60, 0.85)}"/>`
        : `<rect x="${cx}" y="${cy}" width="${round(p.between(40, w / 2))}" height="${round(p.between(40, h / 3))}" fill="${p.hsl(p.between(0, 360), 70, 45, 0.85)}" transform="rotate(${round(p.between(-30, 30))} ${cx} ${cy})"/>`;
    });
    return [
      `<rect x="${x - 24}" y="${y - 24}" width="${w + 48}" height="${h + 48}" fill="${p.hsl(40, 55, 38)}"/>`,
      `<clipPath id="c${index}"><rect x="${x}" y="${y}" width="${w}" height="${h}"/></clipPath>`,
      `<g clip-path="url(#c${index})"><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/>${shapes.join('')}</g>`,
    ].join('');
  });
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue, 15, 88), p.hsl(hue, 12, 74))}</defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    `<rect x="0" y="900" width="${W}" height="300" fill="${p.hsl(hue + 20, 18, 52)}"/>`,
    ...frames,
    `<ellipse cx="800" cy="1010" rx="420" ry="40" fill="${p.hsl(hue, 20, 30, 0.35)}"/>`,
  ].join('');
}

/** Heritage: the river at sunset, a lighthouse on the shore, old houses' roofs. */
function heritage(p: Pen): string {
  const hue = p.pick([20, 10, 35]);
  const sun = { x: p.between(500, 1100), y: p.between(430, 560) };
  const waves = Array.from({ length: 8 }, (_, index) => {
    const y = 760 + index * 55;
    return `<path d="M0 ${y} Q 200 ${y - 18} 400 ${y} T 800 ${y} T 1200 ${y} T 1600 ${y}" fill="none" stroke="${p.hsl(hue + 180, 50, 75, 0.5)}" stroke-width="6"/>`;
  });
  const houses = Array.from({ length: 5 }, (_, index) => {
    const x = 60 + index * 150;
    const h = p.between(120, 200);
    const colour = p.hsl(p.pick([0, 40, 200, 120]), 55, p.between(40, 60));
    return `<rect x="${x}" y="${round(760 - h)}" width="130" height="${round(h)}" fill="${colour}"/><polygon points="${x - 12},${round(760 - h)} ${x + 65},${round(760 - h - 80)} ${x + 142},${round(760 - h)}" fill="${p.hsl(0, 40, 25)}"/><rect x="${x + 45}" y="${round(760 - h + 40)}" width="40" height="50" fill="${p.hsl(50, 90, 75)}"/>`;
  });
  return [
    `<defs>${backdrop(p, 'bg', p.hsl(hue + 230, 50, 35), p.hsl(hue, 95, 68))}`,
    `<linearGradient id="river" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.hsl(hue + 190, 55, 45)}"/><stop offset="1" stop-color="${p.hsl(hue + 210, 60, 20)}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    `<circle cx="${round(sun.x)}" cy="${round(sun.y)}" r="150" fill="${p.hsl(hue + 25, 100, 78)}"/>`,
    `<rect x="0" y="700" width="${W}" height="500" fill="url(#river)"/>`,
    ...waves,
    `<path d="M0 760 L 0 700 Q 500 650 900 720 L 900 760 Z" fill="${p.hsl(hue + 100, 30, 25)}"/>`,
    ...houses,
    `<polygon points="1250,760 1290,360 1350,360 1390,760" fill="${p.hsl(0, 0, 96)}"/><rect x="1278" y="470" width="84" height="50" fill="${p.hsl(0, 75, 45)}"/><rect x="1284" y="300" width="72" height="60" fill="${p.hsl(50, 100, 80)}"/><polygon points="1270,300 1320,240 1370,300" fill="${p.hsl(0, 75, 40)}"/>`,
    `<path d="M1100 780 Q 1300 700 1600 740 L 1600 800 L 1100 800 Z" fill="${p.hsl(hue + 100, 25, 22)}"/>`,
  ].join('');
}

/** Workshop: a mosaic of triangles, like cut paper on a table. */
function workshop(p: Pen): string {
  const hue = p.pick([15, 150, 30]);
  const size = 160;
  const tiles: string[] = [];
  for (let row = 0; row * size < H; row++) {
    for (let col = 0; col * size < W; col++) {
      const x = col * size;
      const y = row * size;
      const flip = p.rand() < 0.5;
      const a = p.hsl(hue + p.between(-40, 60), p.between(50, 80), p.between(45, 70));
      const b = p.hsl(hue + p.between(100, 200), p.between(40, 70), p.between(35, 60));
      tiles.push(
        flip
          ? `<polygon points="${x},${y} ${x + size},${y} ${x},${y + size}" fill="${a}"/><polygon points="${x + size},${y} ${x + size},${y + size} ${x},${y + size}" fill="${b}"/>`
          : `<polygon points="${x},${y} ${x + size},${y} ${x + size},${y + size}" fill="${a}"/><polygon points="${x},${y} ${x},${y + size} ${x + size},${y + size}" fill="${b}"/>`,
      );
    }
  }
  return [
    `<rect width="${W}" height="${H}" fill="${p.hsl(hue, 40, 80)}"/>`,
    ...tiles,
    `<circle cx="${round(p.between(600, 1000))}" cy="${round(p.between(450, 750))}" r="220" fill="${p.hsl(hue + 60, 85, 92, 0.85)}"/>`,
  ].join('');
}

const motifs: Record<string, (p: Pen) => string> = {
  'CAT-MUSIQUE': music,
  'CAT-THEATRE': theatre,
  'CAT-DANSE': dance,
  'CAT-HUMOUR': comedy,
  'CAT-CINEMA': film,
  'CAT-LITTERATURE': literature,
  'CAT-MUSEE': museum,
  'CAT-PATRIMOINE': heritage,
  'CAT-ATELIER': workshop,
};

/** The SVG of one picture: the category's motif (dance's ribbons for any other), varied by `seed`. */
export function demoPictureSvg(categoryId: string | undefined, seed: string): string {
  const draw = (categoryId && motifs[categoryId]) || dance;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${draw(pen(`${categoryId}|${seed}`))}</svg>`;
}

/** One picture as an organizer would upload it: a 1600×1200 JPEG. */
export async function demoPicture(categoryId: string | undefined, seed: string): Promise<Buffer> {
  return sharp(Buffer.from(demoPictureSvg(categoryId, seed)))
    .jpeg({ quality: 85 })
    .toBuffer();
}
