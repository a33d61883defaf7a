/**
 * CAL-01: the venue on a map, drawn from standard "slippy map" tiles (OpenStreetMap's scheme:
 * z/x/y, 256 px squares in Web Mercator) without a map library: the sheet needs one fixed view
 * with a pin, not panning or zooming. The view is an SVG whose viewBox is a window of the world's
 * pixel plane centred on the venue; each tile is an `<image>` placed at its own position. Plain
 * SVG attributes, no `style`, so it passes the site's CSP and renders without JavaScript; a tile
 * that cannot load (no network) leaves the neutral background, the pin and the address's link.
 */

export const tileSize = 256;

export interface MapTile {
  href: string;
  /** Position in the world's pixel plane at this zoom. */
  x: number;
  y: number;
}

export interface VenueMapView {
  /** `minX minY width height` in the world's pixel plane. */
  viewBox: string;
  width: number;
  height: number;
  tiles: MapTile[];
  /** The venue, in the same plane. */
  pin: { x: number; y: number };
}

export interface VenueMapOptions {
  /** A tile URL template with `{z}`, `{x}` and `{y}`, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`. */
  tiles: string;
  zoom?: number;
  width?: number;
  height?: number;
}

/** An https template; plain http only on the loopback (the local twin's tests serve their own tiles). */
const tileTemplate = /^(?:https:\/\/|http:\/\/(?:127\.0\.0\.1|localhost):\d+\/)[^\s"'<>]+$/;

/** Web Mercator's limit: beyond it the projection is infinite. */
const maxLatitude = 85.05112878;

/** The venue's position in the world's pixel plane at `zoom` (the standard tile formula). */
export function worldPixel(latitude: number, longitude: number, zoom: number): { x: number; y: number } {
  const scale = tileSize * 2 ** zoom;
  const lat = (Math.max(-maxLatitude, Math.min(maxLatitude, latitude)) * Math.PI) / 180;
  const x = ((longitude + 180) / 360) * scale;
  const y = ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * scale;
  return { x, y };
}

/**
 * The tiles covering a `width`×`height` window centred on the venue. Undefined when the
 * coordinates are not a place on Earth or the template lacks a placeholder: the sheet then shows
 * the address and its link only.
 */
export function venueMapView(
  latitude: number,
  longitude: number,
  { tiles, zoom = 16, width = 640, height = 360 }: VenueMapOptions,
): VenueMapView | undefined {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  if (!tileTemplate.test(tiles) || !['{z}', '{x}', '{y}'].every((part) => tiles.includes(part))) {
    return undefined;
  }
  const pin = worldPixel(latitude, longitude, zoom);
  const minX = pin.x - width / 2;
  const minY = pin.y - height / 2;
  const count = 2 ** zoom;
  const result: MapTile[] = [];
  for (let ty = Math.floor(minY / tileSize); ty * tileSize < minY + height; ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(minX / tileSize); tx * tileSize < minX + width; tx++) {
      // Across the antimeridian the next tile is the world's first one again.
      const wrapped = ((tx % count) + count) % count;
      const href = tiles
        .replaceAll('{z}', String(zoom))
        .replaceAll('{x}', String(wrapped))
        .replaceAll('{y}', String(ty));
      result.push({ href, x: tx * tileSize, y: ty * tileSize });
    }
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    viewBox: [minX, minY, width, height].map(round).join(' '),
    width,
    height,
    tiles: result,
    pin: { x: round(pin.x), y: round(pin.y) },
  };
}
