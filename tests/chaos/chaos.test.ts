/**
 * A short run of the fault harness (`npm run chaos` for longer ones): consoles as child
 * processes behind fault proxies, servers killed and paused, PostgreSQL restarted; no anomaly.
 * CHAOS_SEED replays a run (the seed is in the test's name and its output).
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from './harness';

// A fixed seed in `npm test`, so a red run is a change's doing and replays; `npm run chaos` draws a new one each run.
const seed = Number(process.env.CHAOS_SEED ?? 5);

describe(`fault harness, short run (seed ${seed})`, () => {
  // Short storms (the fixed cost of starting servers and consoles is most of a run): about a minute each on an idle 2-core machine.
  for (const [backend, seconds, consoles] of [['pglite', 15, 3], ['postgres', 20, 4]] as const) {
    const where = backend === 'postgres' ? 'two servers on one PostgreSQL, restarted too' : 'one server on PGlite';
    it(`keeps every cache, outbox, message, mutation, ledger and email right through process kills, pauses and network faults (${where})`, { timeout: 900_000 }, async () => {
      const report = await runChaos({ seed, seconds, consoles, backend, log: (l) => l.startsWith('ANOMALY') && console.log(l) });
      console.log(`chaos (${backend}) seed ${seed}:`, JSON.stringify(report));
      expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(report.checked.messages).toBeGreaterThan(0);
      expect(report.checked.mutations).toBeGreaterThan(0);
      expect(report.anomalies).toEqual([]);
    });
  }
});
