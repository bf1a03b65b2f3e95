/** A short run of the fault harness (`npm run chaos` for longer ones): no anomaly. */
import { describe, expect, it } from 'vitest';
import { runChaos } from './harness';

describe('fault harness, short run', () => {
  for (const backend of ['pglite', 'postgres'] as const) {
    const where = backend === 'postgres' ? 'two servers on one PostgreSQL, restarted too' : 'one server on PGlite';
    it(`keeps every cache, outbox, reply and ledger right through server kills, pauses and console cuts (${where})`, { timeout: 600_000 }, async () => {
      const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
      const report = await runChaos({ seed, seconds: 40, consoles: 3, backend });
      console.log(`chaos (${backend}) seed ${seed}:`, JSON.stringify(report));
      expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(report.replies).toBeGreaterThan(0);
      expect(report.anomalies).toEqual([]);
    });
  }
});
