/**
 * The Electron shell's security decisions, through its pure modules (Electron itself cannot run
 * here): the window's options, which IPC senders are answered, which links leave the app, deep
 * links, renderer files, the CSP, and the web host's origin rules.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, deepLinkInArgv, externalLinkTarget, isTrustedSender, parseDeepLink } from '../../src/main/electron/appUrls';
import { createSecureWindow, type SecureWindowOptions } from '../../src/main/electron/windowOptions';
import { contentSecurityPolicy } from '../../src/main/serving/contentSecurityPolicy';
import { resolveRendererFile } from '../../src/main/serving/rendererFiles';
import { allowedHostNames, isAllowedHost, isSameOrigin } from '../../src/main/web/originCheck';

class FakeWindow {
  constructor(readonly options: SecureWindowOptions) {}
}

describe('main window options', () => {
  const { options } = createSecureWindow(FakeWindow, '/app/out/preload/index.cjs');
  const prefs = options.webPreferences as unknown as Record<string, unknown>;

  it('isolates and sandboxes the page, without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and allows no webview, insecure content or experiments', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('sets nothing that weakens the defaults', () => {
    const allowed = new Set(['preload', 'contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webSecurity', 'webviewTag', 'allowRunningInsecureContent', 'experimentalFeatures', 'disableBlinkFeatures', 'navigateOnDragDrop', 'safeDialogs', 'spellcheck']);
    expect(Object.keys(prefs).filter((k) => !allowed.has(k))).toEqual([]);
  });
});

describe('IPC sender check', () => {
  it.each([
    [appEntryUrl, true],
    ['app://switchboard/', true],
    ['app://switchboard/tickets/12?x=1', true],
    ['app://evil/index.html', false],
    ['app://switchboard.evil.example/index.html', false],
    ['app://switchboard@evil/index.html', false],
    ['file:///app/out/renderer/index.html', false],
    ['https://switchboard/index.html', false],
    ['http://localhost:5173/', false],
    ['data:text/html,<script>1</script>', false],
    ['about:blank', false],
    ['', false],
    [undefined, false],
    [null, false],
  ])('%s → %s', (url, trusted) => {
    expect(isTrustedSender(url as string | undefined)).toBe(trusted);
  });
});

describe('links and deep links', () => {
  it('opens only http(s) links outside', () => {
    expect(externalLinkTarget('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(externalLinkTarget('http://example.com')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'app://switchboard/x', 'switchboard://ticket/1', 'https://user:pw@example.com/', 'not a url']) {
      expect(externalLinkTarget(bad)).toBeNull();
    }
  });

  it('parses switchboard://ticket/N', () => {
    expect(parseDeepLink('switchboard://ticket/104233')).toBe(104233);
    expect(parseDeepLink('switchboard://ticket/104233/')).toBe(104233);
    expect(parseDeepLink('switchboard:ticket/7')).toBe(7);
    for (const bad of ['switchboard://ticket/0', 'switchboard://ticket/abc', 'switchboard://ticket/1/2', 'switchboard://account/1', 'https://ticket/1', 'switchboard://ticket/99999999999999999']) {
      expect(parseDeepLink(bad)).toBeNull();
    }
    expect(deepLinkInArgv(['/usr/bin/switchboard', '--flag', 'switchboard://ticket/42'])).toBe(42);
    expect(deepLinkInArgv(['/usr/bin/switchboard'])).toBeNull();
  });
});

describe('renderer files and CSP', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sb-files-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), '');
  writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'no');

  it('serves files inside the renderer folder only', () => {
    expect(resolveRendererFile(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveRendererFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, '/queue/inbox')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, '/../secret.txt')).toBeNull();
    expect(resolveRendererFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveRendererFile(root, '/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveRendererFile(root, '/assets/missing.js')).toBeNull();
    expect(resolveRendererFile(root, '/%E0%A4%A')).toBeNull();
  });

  it('allows no inline script, eval, plugins or framing', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });
});

describe('web host origin rules', () => {
  const allowed = allowedHostNames('127.0.0.1');
  it('accepts only its own page', () => {
    expect(isSameOrigin('http://localhost:5173', 'localhost:5173', allowed)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:5173', '127.0.0.1:5173', allowed)).toBe(true);
    expect(isSameOrigin('http://evil.example', 'localhost:5173', allowed)).toBe(false);
    expect(isSameOrigin('http://localhost:5174', 'localhost:5173', allowed)).toBe(false);
    expect(isSameOrigin(undefined, 'localhost:5173', allowed)).toBe(false);
    // DNS rebinding: the page and the Host header agree, but the name is not ours.
    expect(isSameOrigin('http://evil.example:5173', 'evil.example:5173', allowed)).toBe(false);
    expect(isAllowedHost('evil.example:5173', allowed)).toBe(false);
    expect(isAllowedHost('[::1]:5173', allowed)).toBe(true);
  });
});
