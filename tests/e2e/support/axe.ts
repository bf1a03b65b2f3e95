/**
 * axe-core in Chromium through the DevTools protocol (page.evaluate), so the web host's
 * Content-Security-Policy stays as strict as in use: the serious and critical findings only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary: string }>;
}

/** The serious and critical findings on the page as it is now, one line each. */
export async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    // Runs in the page; the test's own TypeScript has no DOM types.
    const page = globalThis as unknown as { axe: { run(ctx: unknown, opts: object): Promise<{ violations: Violation[] }> }; document: unknown };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

