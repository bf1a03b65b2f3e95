/**
 * The customer portal's figures (issue 16), in Chromium against the benchmark's server, for the
 * demo customer's account with its 1,000 tickets:
 * - `portal_sign_in_to_index_ms`: the Sign in button pressed to the Communication center's
 *   first ticket rows on screen (a fresh browser each time; median, slowest beside it);
 * - `portal_ticket_open_ms`: a ticket's subject clicked in the index to its conversation on
 *   screen (median, p95 beside it);
 * - `portal_live_reply_ms`: a staff reply performed in the console (its SyncEngine pushes it)
 *   to its text on the customer's open ticket page, with no reload (median, p95 beside it);
 * - `portal_js_gzip_kb`: the JavaScript the first load fetches, gzipped.
 * Times are the machine's clock, which the page and this process share.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SyncEngine } from '../src/main/sync/syncEngine';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium';
import { percentile, round } from './stats';

const signIns = 7;
const opens = 15;
const replies = 10;

export interface PortalBenchOptions {
  serverUrl: string;
  /** The built portal the server serves (PORTAL_DIR). */
  portalDir: string;
  email: string;
  password: string;
  /** A running console engine of a staff user, to push the replies from. */
  engine: SyncEngine;
  /** An open ticket of the customer's account (from the console's cache), for the live replies. */
  liveTicket: { id: number; number: number };
  log(line: string): void;
}

/** Gzipped size of the scripts index.html loads (module entry and its preloads). */
export function firstLoadJsGzipKb(portalDir: string): number {
  const html = readFileSync(path.join(portalDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  if (scripts.length === 0) throw new Error('index.html loads no script');
  const bytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(path.join(portalDir, src.replace(/^\//, '')))).length, 0);
  return round(bytes / 1024, 1);
}

const now = () => performance.timeOrigin + performance.now();

// Resolves with the page clock's time (epoch ms) of the first frame where `selector` exists.
const appeared = (selector: string, text = '') => `new Promise((resolve, reject) => {
  const t0 = performance.now();
  const check = () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el && el.textContent.includes(${JSON.stringify(text)})) resolve(performance.timeOrigin + performance.now());
    else if (performance.now() - t0 > 20000) reject(new Error('not on screen after 20 s: ${selector}'));
    else requestAnimationFrame(check);
  };
  check();
})`;

async function signIn(browser: Browser, o: PortalBenchOptions): Promise<{ page: Page; ms: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${o.serverUrl}/sign-in`);
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('E-mail').fill(o.email);
  await form.getByLabel('Password').fill(o.password);
  const rows = page.evaluate(appeared('main table tbody tr a.ticket-subject')) as Promise<number>;
  const t0 = now();
  await form.getByRole('button', { name: 'Sign in' }).click();
  return { page, ms: (await rows) - t0 };
}

export async function measurePortal(o: PortalBenchOptions): Promise<Record<string, number>> {
  const results: Record<string, number> = { portal_js_gzip_kb: firstLoadJsGzipKb(o.portalDir) };
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const signInSamples: number[] = [];
    let page: Page | undefined;
    for (let i = 0; i < signIns; i++) {
      const run = await signIn(browser, o);
      signInSamples.push(run.ms);
      if (i < signIns - 1) await run.page.context().close();
      else page = run.page;
    }
    results.portal_sign_in_to_index_ms = Math.round(percentile(signInSamples, 50));
    results.portal_sign_in_to_index_max_ms = Math.round(Math.max(...signInSamples));
    o.log(`portal: signed in ${signIns} times`);

    // Open tickets from the index, the way a customer does: click the subject, back, the next.
    const openSamples: number[] = [];
    for (let i = 0; i < opens; i++) {
      const link = page!.locator('main table tbody tr a.ticket-subject').nth(i);
      const shown = page!.evaluate(appeared('.conversation')) as Promise<number>;
      const t0 = now();
      await link.click();
      openSamples.push((await shown) - t0);
      await page!.goBack();
      await page!.locator('main table tbody tr a.ticket-subject').nth(i).waitFor();
    }
    results.portal_ticket_open_ms = Math.round(percentile(openSamples, 50));
    results.portal_ticket_open_p95_ms = Math.round(percentile(openSamples, 95));
    o.log(`portal: opened ${opens} tickets`);

    // Staff replies from the console, shown live on the customer's open ticket page.
    await page!.goto(`${o.serverUrl}/tickets/${o.liveTicket.number}`);
    await page!.locator('.conversation').waitFor();
    const ticketId = o.liveTicket.id;
    const liveSamples: number[] = [];
    for (let i = 0; i < replies; i++) {
      const marker = `Live portal reply ${i} ${Date.now()}`;
      const shown = page!.evaluate(appeared('.conversation', marker)) as Promise<number>;
      const t0 = now();
      o.engine.perform('ticket.reply', { ticketId, body: marker });
      liveSamples.push((await shown) - t0);
    }
    results.portal_live_reply_ms = Math.round(percentile(liveSamples, 50));
    results.portal_live_reply_p95_ms = Math.round(percentile(liveSamples, 95));
    o.log(`portal: ${replies} live replies`);
  } finally {
    await browser.close();
  }
  return results;
}
