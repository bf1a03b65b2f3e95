/**
 * The rule every browser suite goes through (they all take `browserSuite` and `chromiumPath`
 * from chromium.ts): a missing Chromium skips on a developer's machine and fails under CI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium';

const testsDir = path.resolve(import.meta.dirname, '..');

const missing = () => false;
const present = () => true;

describe('finding Chromium for the browser suites', () => {
  it('throws when Chromium is missing and CI is set, naming the path it looked at', () => {
    expect(() => findChromium({ CI: '1', CHROMIUM_PATH: '/nowhere/chromium' }, missing)).toThrow(/Chromium is missing at \/nowhere\/chromium and CI is set/);
    expect(() => findChromium({ CI: 'true' }, missing)).toThrow(/missing at \/usr\/bin\/chromium/);
  });

  it('gives null (the suites skip) when Chromium is missing and CI is not set', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nowhere/chromium' }, missing)).toBeNull();
  });

  it('gives the path it found, CHROMIUM_PATH first, with or without CI', () => {
    expect(findChromium({ CI: '1', CHROMIUM_PATH: '/opt/chromium/chrome' }, present)).toBe('/opt/chromium/chrome');
    expect(findChromium({}, present)).toBe('/usr/bin/chromium');
  });
});

describe('the browser suites', () => {
  it('every test file that drives Chromium declares its suite with browserSuite', () => {
    const files = readdirSync(testsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'));
    const drivesBrowser = files.filter((f) => /from '(playwright-core|\.\/support\/portalStack|(\.\.\/e2e)?\.?\/support\/e2eConsole)'/.test(readFileSync(path.join(testsDir, f), 'utf8')));
    expect(drivesBrowser.length).toBeGreaterThan(10);
    const without = drivesBrowser.filter((f) => !/^browserSuite\(/m.test(readFileSync(path.join(testsDir, f), 'utf8')));
    expect(without).toEqual([]);
  });
});
