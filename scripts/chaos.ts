/**
 * `npm run chaos -- [--seed N] [--minutes M | --seconds S] [--consoles C] [--postgres]`: the
 * fault harness (tests/chaos/harness.ts). Prints the seed first (`--seed` replays the run's
 * schedule), then the figures: actions, faults by kind, what was checked, the anomalies. Exits
 * 1 on any anomaly. CHAOS_VERBOSE=1 logs each failed action and fault as it happens.
 */
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
const backend = process.argv.includes('--postgres') ? 'postgres' : 'pglite';
console.log(`chaos: seed ${seed}, ${seconds} s of actions and faults (replay with --seed ${seed})`);
console.log(`backend: ${backend === 'postgres' ? 'two server processes on one PostgreSQL' : 'one server process on PGlite'}`);
const started = Date.now();
const report = await runChaos({ seed, seconds, backend, consoles: arg('consoles') ?? 4, log: process.env.CHAOS_VERBOSE ? (l) => console.log(l) : undefined });
const total = (bag: Record<string, number>) => Object.values(bag).reduce((a, b) => a + b, 0);
const list = (bag: Record<string, number>) => Object.entries(bag).sort().map(([k, n]) => `  ${k}: ${n}`).join('\n');
console.log(`actions (${total(report.actions)}):\n${list(report.actions)}`);
console.log(`faults (${total(report.faults)}):\n${list(report.faults)}`);
console.log(`checked:\n${list(report.checked)}`);
console.log(`anomalies: ${report.anomalies.length}${report.anomalies.map((a) => `\n  ${a}`).join('')}`);
console.log(`seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s in all`);
process.exit(report.anomalies.length ? 1 : 0);
