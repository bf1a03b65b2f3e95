/**
 * `npm run icons`: writes the console's icon files into resources/ (committed; run again only
 * when the drawing in iconFiles.ts changes). resources/icon.png 1024 px and icon-512.png,
 * icons/<N>x<N>.png for Linux, icon.ico for Windows, icon.icns for macOS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeIcns, encodeIco, icnsTypes, iconPng } from './iconFiles';

const resources = path.join(import.meta.dirname, '..', 'resources');
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const png = new Map(sizes.map((size) => [size, iconPng(size)]));
const at = (size: number): Buffer => png.get(size)!;

mkdirSync(path.join(resources, 'icons'), { recursive: true });
writeFileSync(path.join(resources, 'icon.png'), at(1024));
writeFileSync(path.join(resources, 'icon-512.png'), at(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(path.join(resources, 'icons', `${size}x${size}.png`), at(size));
writeFileSync(path.join(resources, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: at(size) }))));
writeFileSync(path.join(resources, 'icon.icns'), encodeIcns(icnsTypes.map(({ type, size }) => ({ type, png: at(size) }))));
console.log(`icons written to ${resources}`);
