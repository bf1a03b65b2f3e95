/**
 * Small, real and deterministic contents for the demo's files, so the demo's downloads open:
 * a .tgz is a gzipped tar, a .zip a zip, a .pdf a one-page PDF, a .png an image; anything
 * else a text. The same name and note always give the same bytes (and so the same sha256),
 * which keeps the seed deterministic and lets identical demo files share one blob.
 */
import { crc32, gzipSync } from 'node:zlib';
import { encodePng } from './png';

const readme = (name: string, note: string): string =>
  [`${name}`, '', note, '', 'Demo content of the Switchboard file area: a stand-in for the real distribution,', 'small enough to download anywhere.', ''].join('\n');

function tar(entries: Array<[string, string]>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of entries) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    const field = (value: string, offset: number, length: number) => header.write(value, offset, length, 'ascii');
    field(name, 0, 100);
    field('0000644\0', 100, 8);
    field('0000000\0', 108, 8);
    field('0000000\0', 116, 8);
    field(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 12);
    field('00000000000\0', 136, 12); // mtime 0: the same bytes on every run
    field('        ', 148, 8);
    field('0', 156, 1);
    field('ustar\u000000', 257, 8);
    let sum = 0;
    for (const b of header) sum += b;
    field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/** A zip of stored (uncompressed) entries: local headers, central directory, end record. */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const body = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function pdf(title: string, line: string): Buffer {
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
  const stream = `BT /F1 18 Tf 72 720 Td (${esc(title)}) Tj /F1 11 Tf 0 -28 Td (${esc(line)}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 16x16 PNG in one colour taken from the name. */
function png(name: string): Buffer {
  const c = crc32(Buffer.from(name));
  const pixel = Buffer.from([c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, 0xff]);
  return encodePng(16, 16, Buffer.concat(Array(16 * 16).fill(pixel)));
}

export function demoFileBytes(name: string, note: string): Buffer {
  const text = readme(name, note);
  const lower = name.toLowerCase();
  const base = name.replace(/\.(tgz|tar\.gz|zip)$/i, '');
  if (lower.endsWith('.tgz') || lower.endsWith('.tar.gz')) return gzipSync(tar([[`${base}/README.txt`, text], [`${base}/VERSION`, `${note}\n`]]));
  if (lower.endsWith('.zip')) return zip([[`${base}/README.txt`, text], [`${base}/VERSION`, `${note}\n`]]);
  if (lower.endsWith('.gz')) return gzipSync(Buffer.from(`-- ${name}\n-- ${note}\nSELECT 1;\n`));
  if (lower.endsWith('.pdf')) return pdf(name, note);
  if (lower.endsWith('.png')) return png(name);
  return Buffer.from(text);
}
