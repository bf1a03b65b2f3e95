/**
 * The console's icon drawn in code and written as the files each platform's installer wants:
 * PNGs (Linux, and the sources), a Windows .ico and a macOS .icns, both holding PNG images
 * (Windows Vista+ and macOS 10.7+ read those). Pure Node (zlib) so `npm run icons` needs nothing
 * else; the generated files are committed under resources/.
 */
import { encodePng } from '../src/server/seed/files/png';

type Rgba = [number, number, number, number];

/** Signed distance to a rounded square of half-size h and corner radius r, centred on 0. */
function roundedSquare(x: number, y: number, h: number, r: number): number {
  const qx = Math.abs(x) - h + r;
  const qy = Math.abs(y) - h + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay));
}

/** A switchboard: a 3×3 panel of jacks on a teal tile, two of them joined by a patch cord. */
function iconColour(x: number, y: number): Rgba {
  if (roundedSquare(x, y, 0.9, 0.2) > 0) return [0, 0, 0, 0];
  const shade = 0.5 + 0.5 * y; // lighter at the top
  const tile: Rgba = [Math.round(20 + 25 * (1 - shade)), Math.round(110 + 40 * (1 - shade)), Math.round(140 + 30 * (1 - shade)), 255];
  const jacks = [-0.48, 0, 0.48];
  if (segmentDistance(x, y, -0.48, -0.48, 0.48, 0.48) < 0.07 || segmentDistance(x, y, 0.48, -0.48, 0, 0.48) < 0.07) return [255, 196, 61, 255];
  for (const jx of jacks) {
    for (const jy of jacks) {
      const d = Math.hypot(x - jx, y - jy);
      if (d < 0.085) return [16, 52, 66, 255];
      if (d < 0.15) return [240, 248, 250, 255];
    }
  }
  return tile;
}

/** The icon at size × size pixels, 4×4 supersampled for smooth edges at every size. */
export function iconPng(size: number): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = iconColour(((px + (sx + 0.5) / n) / size) * 2 - 1, ((py + (sy + 0.5) / n) / size) * 2 - 1);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = (py * size + px) * 4;
      rgba[o] = a ? Math.round(r / a) : 0;
      rgba[o + 1] = a ? Math.round(g / a) : 0;
      rgba[o + 2] = a ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round(a / (n * n));
    }
  }
  return encodePng(size, size, rgba);
}

/** A Windows .ico whose entries are PNGs (size 256 is written as 0, as the format says). */
export function encodeIco(pngs: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

/** The PNG icon types of the .icns format and the pixel size each holds. */
export const icnsTypes: Array<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512@2x
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic14', size: 512 }, // 256@2x
];

export function encodeIcns(entries: Array<{ type: string; png: Buffer }>): Buffer {
  const blocks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((n, b) => n + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}
