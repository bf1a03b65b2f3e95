/**
 * A packaging dry run with electron-builder's own API, as far as this machine allows: the app is
 * built (electron-vite), the configuration loaded and validated, the unpacked app laid out for
 * Linux (`dir` target) with its asar, the unpacked native module and the fuses flipped by the
 * afterPack hook. Two steps need downloads this machine cannot make and are replaced here
 * (README "Packaging"): the Electron zip (an electronDist fixture with a real fuse wire stands
 * in for it) and the rebuild of better-sqlite3 against Electron's headers (npmRebuild off: it
 * would also rebuild the shared node_modules copy the Node tests use).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import config, { appFiles } from '../../electron-builder.config';
import { fuseSettings } from '../../packaging/fuses';
import { consoleRuntimeRoots } from '../../packaging/runtimeModules';
import { buildApp } from '../console/support/buildApp';
import { electronDistFixture } from './support/electronDistFixture';

const root = path.resolve(import.meta.dirname, '../..');
const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

describe('packaging dry run (linux dir target)', () => {
  let builtApp: string;
  let appOutDir: string;
  let entries: string[];

  beforeAll(async () => {
    builtApp = await buildApp();
    const output = mkdtempSync(path.join(tmpdir(), 'sb-dist-'));
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { ...config, files: appFiles(builtApp), npmRebuild: false, electronDist: electronDistFixture(electronVersion), directories: { ...config.directories, output } },
    });
    appOutDir = path.join(output, 'linux-unpacked');
    entries = asar.listPackage(path.join(appOutDir, 'resources/app.asar'), { isPack: false });
  }, 300_000);

  it('packs the built app and package.json into app.asar', () => {
    expect(entries).toContain(path.sep + path.join('out', 'main', 'index.js'));
    expect(entries).toContain(path.sep + path.join('out', 'preload', 'index.cjs'));
    expect(entries).toContain(path.sep + path.join('out', 'renderer', 'index.html'));
    // Where the shell reads the tray icon: out/main/../../resources.
    expect(entries).toContain(path.sep + path.join('resources', 'icons', '32x32.png'));
    const pkg = JSON.parse(asar.extractFile(path.join(appOutDir, 'resources/app.asar'), 'package.json').toString()) as { main: string; version: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('carries every package the main bundle imports, and none of the server-only ones', () => {
    const bundle = readFileSync(path.join(builtApp, 'main/index.js'), 'utf8');
    // Import statements at the start of a line and dynamic imports; not words in comments ("tell this from "that"").
    const specifiers = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\("([^"]+)"\)/gm)].map((m) => (m[1] ?? m[2] ?? m[3])!);
    const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const imported = new Set(specifiers.filter((m) => !m.startsWith('.') && !m.startsWith('node:') && m !== 'electron').map(packageOf));
    expect([...imported].sort()).toEqual([...consoleRuntimeRoots].sort());
    for (const name of imported) expect(entries, name).toContain(path.sep + path.join('node_modules', name, 'package.json'));
    for (const serverOnly of ['fastify', 'pg', '@electric-sql/pglite', 'nodemailer', 'ws', 'pino']) expect(entries).not.toContain(path.sep + path.join('node_modules', serverOnly));
  });

  it('unpacks better-sqlite3 from the asar, with its compiled module', () => {
    const unpacked = path.join(appOutDir, 'resources/app.asar.unpacked/node_modules/better-sqlite3');
    expect(existsSync(path.join(unpacked, 'build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'deps'))).toBe(false);
  });

  it('names the executable and flips the fuses in it', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'switchboard'));
    for (const [option, wanted] of Object.entries(fuseSettings)) {
      if (/^\d+$/.test(option)) expect(String.fromCharCode(wire[Number(option) as 0] as number), option).toBe(wanted ? '1' : '0');
    }
  });
});
