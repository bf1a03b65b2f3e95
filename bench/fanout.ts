/**
 * Fan-out (issue 23): many staff live streams open while customers post. Each stream is a
 * console as the sync engine behaves: on a poke it pulls `/api/sync/changes` from its cursor
 * (one pull at a time, again if poked meanwhile). For each customer message the figure is the
 * time from its commit on the server (the bench server notes it on the machine's clock) to
 * its poke arriving on each stream.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { percentile, round, until } from './stats';
import { machineCpuMs, processCpuMs } from './cpuTime';

interface Stream {
  pokes: number;
  /** When the latest poke arrived, on the machine's clock. */
  lastPokeAt: number;
  cursor: string;
  pulling: boolean;
  again: boolean;
}

export interface FanoutFigures {
  streams: number;
  messages: number;
  pokeP50: number;
  pokeP95: number;
  /** The pulls the pokes set off, each timed from request to answer. */
  pullP95: number;
  pulls: number;
  pullErrors: number;
  rssMb: number;
  /** CPU per message of the server process (with PostgreSQL, its own processes are not in it) and of the whole machine. */
  serverCpuMsPerPoke: number | null;
  machineCpuMsPerPoke: number | null;
}

const now = () => performance.timeOrigin + performance.now();

/** The resident memory of a process, in MB (Linux). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024);
}

export async function measureFanout(o: {
  url: string;
  pid: number | undefined;
  /** Session tokens, one per stream. */
  streams: string[];
  /** Each stream's cursor at the head, scoped for its session. */
  cursors: string[];
  /** Posts one customer message; resolves when its answer came. */
  post: () => Promise<void>;
  messages: number;
  log: (line: string) => void;
}): Promise<FanoutFigures> {
  const agent = new Agent({ connections: null, bodyTimeout: 0, headersTimeout: 0, pipelining: 1 });
  const streams: Stream[] = [];
  const pullTimes: number[] = [];
  let pullErrors = 0;
  const controller = new AbortController();
  // One signal ends every stream.
  setMaxListeners(o.streams.length + 10, controller.signal);

  const pull = async (s: Stream, token: string): Promise<void> => {
    if (s.pulling) return void (s.again = true);
    s.pulling = true;
    try {
      do {
        s.again = false;
        const t = performance.now();
        const res = await request(`${o.url}/api/sync/changes?cursor=${encodeURIComponent(s.cursor)}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } });
        const body = (await res.body.json()) as { cursor?: string };
        if (res.statusCode !== 200 || !body.cursor) pullErrors += 1;
        else {
          s.cursor = body.cursor;
          pullTimes.push(performance.now() - t);
        }
      } while (s.again);
    } finally {
      s.pulling = false;
    }
  };

  o.log(`opening ${o.streams.length} live streams…`);
  let opened = 0;
  await Promise.all(
    o.streams.map(async (token, i) => {
      const s: Stream = { pokes: 0, lastPokeAt: 0, cursor: o.cursors[i]!, pulling: false, again: false };
      streams.push(s);
      const res = await request(`${o.url}/api/sync/events`, { dispatcher: agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
      if (res.statusCode !== 200) throw new Error(`a live stream answered ${res.statusCode}`);
      let first = true;
      let text = '';
      res.body.setEncoding('utf8');
      res.body.on('data', (chunk: string) => {
        text += chunk;
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const frame = text.slice(0, end);
          text = text.slice(end + 2);
          if (!frame.startsWith('event: poke')) continue;
          // The stream's opening poke (the head when it opened) is not a message's.
          if (first) {
            first = false;
            opened += 1;
            continue;
          }
          s.pokes += 1;
          s.lastPokeAt = now();
          void pull(s, token).catch(() => (pullErrors += 1));
        }
      });
      res.body.on('error', () => undefined);
    }),
  );
  await until(() => opened === o.streams.length, 'every stream to open', 60_000);
  // The idle streams' cost, before any traffic.
  const rss = rssMb(o.pid);

  const samples: number[] = [];
  const cpu0 = { server: processCpuMs(o.pid), machine: machineCpuMs() };
  for (let i = 0; i < o.messages; i++) {
    const before = streams.map((s) => s.pokes);
    await o.post();
    const { at } = (await (await fetch(`${o.url}/bench/last-commit`)).json()) as { at: number };
    await until(() => streams.every((s, j) => s.pokes > before[j]!), `the poke of message ${i + 1} on every stream`, 60_000);
    for (const s of streams) samples.push(s.lastPokeAt - at);
    if ((i + 1) % 20 === 0) o.log(`    ${i + 1} messages, poke p95 so far ${round(percentile(samples, 95), 1)} ms`);
  }
  // The last message's pulls too.
  await until(() => streams.every((s) => !s.pulling), 'the last pulls', 60_000);
  const cpu1 = { server: processCpuMs(o.pid), machine: machineCpuMs() };
  const rssAfter = rssMb(o.pid);
  controller.abort();
  await agent.close().catch(() => undefined);
  const perPoke = (a: number | null, b: number | null) => (a === null || b === null ? null : round((b - a) / o.messages, 1));
  return {
    streams: o.streams.length,
    messages: o.messages,
    pokeP50: round(percentile(samples, 50), 1),
    pokeP95: round(percentile(samples, 95), 1),
    pullP95: round(percentile(pullTimes, 95), 1),
    pulls: pullTimes.length,
    pullErrors,
    rssMb: Math.max(rss, rssAfter),
    serverCpuMsPerPoke: perPoke(cpu0.server, cpu1.server),
    machineCpuMsPerPoke: perPoke(cpu0.machine, cpu1.machine),
  };
}
