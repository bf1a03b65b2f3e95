/**
 * The packaging configuration without packaging: electron-builder's own JSON schema accepts it,
 * it asks for every platform's installers, the protocol and the native module handling, the
 * icon files it names are real images, and the fuses are the security defaults and get flipped
 * in a binary by the afterPack hook.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import Ajv from 'ajv';
import type { AfterPackContext } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config, { appId, productName } from '../../electron-builder.config';
import afterPack, { electronBinaryPath } from '../../packaging/afterPack';
import { fuseSettings } from '../../packaging/fuses';
import { electronDistFixture } from './support/electronDistFixture';

const root = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

function validator() {
  // strict: false as electron-builder itself does: the schema uses a non-standard `typeof` keyword for hooks.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('matches electron-builder\'s JSON schema (and the validator does catch a mistake)', () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(validator()({ ...config, nsis: { ...config.nsis, oneClik: false } })).toBe(false);
  });

  it('builds AppImage and deb, NSIS, dmg (plus the zip macOS updates from), with id, name and no file associations', () => {
    expect(appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.appId).toBe(appId);
    expect(config.productName).toBe(productName);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.fileAssociations).toEqual([]);
    expect(config.protocols).toEqual([{ name: expect.any(String), schemes: ['switchboard'] }]);
    expect(config.publish).toBeNull();
    // Every artifact name carries the version: the update feed requires it (differential downloads find old files by it).
    for (const target of [config.linux, config.deb, config.nsis, config.mac, config.dmg]) expect(target?.artifactName).toContain('${version}');
  });

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar, and leaves server-only packages out', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    const files = config.files as unknown[];
    for (const serverOnly of ['fastify', 'pg', '@electric-sql/pglite', 'nodemailer', 'ws']) expect(files).toContain(`!node_modules/${serverOnly}/**`);
    for (const needed of ['better-sqlite3', 'zod', 'electron-updater', 'js-yaml', 'semver']) expect(files).not.toContain(`!node_modules/${needed}/**`);
  });

  it('names icon files that exist and are real images for every platform', () => {
    const resources = path.join(root, 'resources');
    expect(pngSize(readFileSync(path.join(resources, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(readFileSync(path.join(resources, 'icon-512.png')))).toEqual({ width: 512, height: 512 });
    expect(pngSize(readFileSync(path.join(root, config.linux!.icon!, '512x512.png')))).toEqual({ width: 512, height: 512 });

    const ico = readFileSync(path.join(root, config.win!.icon!));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const e = 6 + 16 * i;
      const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      return { declared: ico[e] || 256, ...pngSize(png) };
    });
    expect(entries.map((e) => e.width)).toEqual(entries.map((e) => e.declared));
    expect(entries.map((e) => e.width)).toContain(256); // NSIS and Windows Explorer want the 256 px one

    const icns = readFileSync(path.join(root, config.mac!.icon!));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, Buffer>();
    for (let o = 8; o < icns.length; o += icns.readUInt32BE(o + 4)) types.set(icns.toString('ascii', o, o + 4), icns.subarray(o + 8, o + icns.readUInt32BE(o + 4)));
    expect(pngSize(types.get('ic10')!)).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(types.get('ic07')!)).toEqual({ width: 128, height: 128 });
  });
});

describe('Electron fuses', () => {
  it('are the security defaults: no RunAsNode, no NODE_OPTIONS, no --inspect, cookie encryption, asar integrity, asar only', () => {
    expect(fuseSettings[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuseSettings[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuseSettings[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuseSettings[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuseSettings[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseSettings[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuseSettings.strictlyRequireAllFuses).toBe(true);
    expect(config.afterPack).toBe(afterPack);
  });

  it('are flipped in the packed binary by the afterPack hook', async () => {
    const appOutDir = mkdtempSync(path.join(tmpdir(), 'sb-afterpack-'));
    copyFileSync(path.join(electronDistFixture('41.0.0'), 'electron'), path.join(appOutDir, 'switchboard'));
    const context = {
      appOutDir, electronPlatformName: 'linux', arch: 1,
      packager: { executableName: 'switchboard', appInfo: { productFilename: productName } },
    } as unknown as AfterPackContext;
    await afterPack(context);
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'switchboard'));
    const on = (option: FuseV1Options) => String.fromCharCode(wire[option] as number);
    for (const [option, wanted] of Object.entries(fuseSettings)) {
      if (!/^\d+$/.test(option)) continue;
      expect(on(Number(option)), FuseV1Options[Number(option)]).toBe(wanted ? '1' : '0');
    }
  });

  it('finds the binary on each platform', () => {
    const packager = { executableName: 'switchboard', appInfo: { productFilename: 'Switchboard' } } as unknown as AfterPackContext['packager'];
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(path.join('/o', 'Switchboard.exe'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(path.join('/o', 'Switchboard.app'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(path.join('/o', 'switchboard'));
  });
});
