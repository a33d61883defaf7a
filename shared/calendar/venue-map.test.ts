import { describe, expect, it } from 'vitest';
import { tileSize, venueMapView, worldPixel } from './venue-map';

const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

describe('CAL-01 the venue map drawn from tiles', () => {
  it('places a point with the standard slippy-map formula (known tiles)', () => {
    // The equator at Greenwich is the world's centre; Paris at zoom 10 is tile 518/352 (OSM wiki).
    expect(worldPixel(0, 0, 1)).toEqual({ x: 256, y: 256 });
    const paris = worldPixel(48.8566, 2.3522, 10);
    expect([Math.floor(paris.x / tileSize), Math.floor(paris.y / tileSize)]).toEqual([518, 352]);
  });

  it('covers the window around the venue with the tiles that intersect it, the pin at its centre', () => {
    const view = venueMapView(48.4487, -68.5232, { tiles: osm, zoom: 16, width: 640, height: 360 });
    if (!view) throw new Error('no view');
    const [minX, minY, width, height] = view.viewBox.split(' ').map(Number);
    expect([width, height]).toEqual([640, 360]);
    expect(view.pin.x).toBeCloseTo((minX ?? 0) + 320, 1);
    expect(view.pin.y).toBeCloseTo((minY ?? 0) + 180, 1);
    // 640 px wide spans 3 or 4 columns, 360 px high 2 or 3 rows; every tile touches the window.
    expect(view.tiles.length).toBeGreaterThanOrEqual(6);
    expect(view.tiles.length).toBeLessThanOrEqual(12);
    for (const tile of view.tiles) {
      expect(tile.x + tileSize).toBeGreaterThan(minX ?? 0);
      expect(tile.x).toBeLessThan((minX ?? 0) + 640);
      expect(tile.href).toMatch(/^https:\/\/tile\.openstreetmap\.org\/16\/\d+\/\d+\.png$/);
    }
    const pinTile = view.tiles.find(
      (tile) =>
        view.pin.x >= tile.x &&
        view.pin.x < tile.x + tileSize &&
        view.pin.y >= tile.y &&
        view.pin.y < tile.y + tileSize,
    );
    // Rimouski's tile, by the other form of the formula: y = (1 − asinh(tan φ) / π) / 2 · 2^z.
    expect(pinTile?.href).toBe('https://tile.openstreetmap.org/16/20293/22658.png');
  });

  it('wraps across the antimeridian and keeps to the world at the poles', () => {
    const view = venueMapView(0, 179.999, { tiles: osm, zoom: 2 });
    expect(
      view?.tiles.some((tile) => tile.href.endsWith('/2/0/1.png') || tile.href.endsWith('/2/0/2.png')),
    ).toBe(true);
    const north = venueMapView(89, 0, { tiles: osm, zoom: 3 });
    for (const tile of north?.tiles ?? []) expect(tile.y).toBeGreaterThanOrEqual(0);
  });

  it('draws nothing for impossible coordinates or a template that is not an https URL with z, x and y', () => {
    expect(venueMapView(Number.NaN, 0, { tiles: osm })).toBeUndefined();
    expect(venueMapView(91, 0, { tiles: osm })).toBeUndefined();
    expect(venueMapView(0, 181, { tiles: osm })).toBeUndefined();
    expect(venueMapView(0, 0, { tiles: 'http://tile.example/{z}/{x}/{y}.png' })).toBeUndefined();
    expect(venueMapView(0, 0, { tiles: 'http://127.0.0.1.evil.example/{z}/{x}/{y}.png' })).toBeUndefined();
    expect(venueMapView(0, 0, { tiles: 'http://127.0.0.1:4173/tiles/{z}/{x}/{y}.png' })).toBeDefined();
    expect(venueMapView(0, 0, { tiles: 'https://tile.example/{z}/{x}.png' })).toBeUndefined();
    expect(venueMapView(0, 0, { tiles: 'https://tile.example/"><script>/{z}/{x}/{y}' })).toBeUndefined();
  });
});
