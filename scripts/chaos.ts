/** `npm run chaos -- [--seed N] [--seconds S | --minutes M] [--consoles C] [--postgres]`: the fault harness (tests/chaos/harness.ts); exits 1 on any anomaly. */
import { runChaos } from '../tests/chaos/harness';

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
};
const seed = arg('seed') ?? Math.floor(Math.random() * 2 ** 31);
const seconds = arg('seconds') ?? (arg('minutes') ?? 2) * 60;
console.log(`chaos: seed ${seed}, ${seconds} s (replay with --seed ${seed})`);
const backend = process.argv.includes('--postgres') ? 'postgres' : 'pglite';
console.log(`backend: ${backend === 'postgres' ? 'two server processes on one PostgreSQL' : 'one server process on PGlite'}`);
const report = await runChaos({ seed, seconds, backend, consoles: arg('consoles') ?? 3, log: process.env.CHAOS_VERBOSE ? (l) => console.log(l) : undefined });
console.log(JSON.stringify(report, null, 2));
console.log(`${Object.values(report.actions).reduce((a, b) => a + b, 0)} actions, ${Object.values(report.faults).reduce((a, b) => a + b, 0)} faults, ${report.replies} replies, ${report.anomalies.length} anomalies`);
process.exit(report.anomalies.length ? 1 : 0);
