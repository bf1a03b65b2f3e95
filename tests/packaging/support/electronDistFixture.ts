/**
 * An unpacked "Electron distribution" for packaging tests on a machine that cannot download
 * Electron: electron-builder copies it like the real one (`electronDist`), and its executable
 * carries a real fuse wire (the sentinel @electron/fuses searches for, version 1, eight fuses in
 * Electron's shipped states), so the afterPack hook flips actual bytes that can be read back.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS, inspect on, integrity off, asar-only off, snapshot off, file privileges on. */
export const shippedWire = '10110001';

export function electronBinaryBytes(): Buffer {
  return Buffer.concat([Buffer.from('\x7fELF stand-in for the Electron executable\n'), Buffer.from(fuseSentinel), Buffer.from([1, shippedWire.length]), Buffer.from(shippedWire), Buffer.from('\n')]);
}

export function electronDistFixture(version: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-electron-dist-'));
  mkdirSync(path.join(dir, 'resources'));
  writeFileSync(path.join(dir, 'electron'), electronBinaryBytes(), { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
  return dir;
}
