/**
 * Images made on the spot for tests and the bench (ORG-06): no download, no binary fixture. Each
 * is generated with sharp, except the decompression bomb, written byte by byte (sharp itself would
 * take minutes to encode 900 megapixels).
 */
import { crc32, deflateSync, constants as zlibConstants } from 'node:zlib';
import sharp from 'sharp';

/**
 * A photo-like image: a smooth colour field (noise at 1/16 scale, enlarged) with fine grain on
 * top, so JPEG sizes are those of a real photo (a 4000×3000 at quality 90 weighs a few MB) rather
 * than those of a flat colour. `seed` changes the pattern.
 */
export async function photoLike(
  width: number,
  height: number,
  options: { format?: 'jpeg' | 'png' | 'webp'; quality?: number; seed?: number } = {},
): Promise<Buffer> {
  const { format = 'jpeg', quality = 90, seed = 0 } = options;
  const small = await sharp({
    create: {
      width: Math.max(2, Math.ceil(width / 16)),
      height: Math.max(2, Math.ceil(height / 16)),
      channels: 3,
      background: { r: 90 + ((seed * 37) % 120), g: 110, b: 140 - ((seed * 23) % 100) },
      noise: { type: 'gaussian', mean: 128, sigma: 70 },
    },
  })
    .png()
    .toBuffer();
  const grain = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 12 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const image = sharp(small)
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: grain, blend: 'overlay' }]);
  if (format === 'png') return image.png({ compressionLevel: 1 }).toBuffer();
  if (format === 'webp') return image.webp({ quality }).toBuffer();
  return image.jpeg({ quality }).toBuffer();
}

/** A JPEG of one colour, fast to make: for tests about dimensions and formats, not about bytes. */
export function plainJpeg(width: number, height: number, colour = '#c04020'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid PNG declaring `width`×`height` pixels of one colour (1-bit grey,
 * all black), about 110 KB for 30000×30000, which would decode to 900 megapixels (2.7 GB as RGB).
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero pixels
  const data = deflateSync(rows, { level: 9, strategy: zlibConstants.Z_RLE });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', data),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
