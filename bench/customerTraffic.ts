/**
 * The customer traffic of the server-load figures (issue 23): a fixed mix over many accounts,
 * list tickets 50%, open a ticket 35%, post a message 10%, create a ticket 5%, driven two ways:
 * closed loop at saturation by autocannon, and open loop at a fixed offered rate, where each
 * request's latency runs from when it was due, so a slow server shows as latency and not as
 * fewer requests (autocannon's own rate limit sends each second's requests in a burst).
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { percentile, round } from './stats';
import { prng } from '../tests/main/support/syntheticCache';

export const requestKinds = ['list', 'open', 'post', 'create'] as const;
export type RequestKind = (typeof requestKinds)[number];
const mix: Array<[RequestKind, number]> = [['list', 0.5], ['open', 0.35], ['post', 0.1], ['create', 0.05]];

export interface LoadCustomer {
  token: string;
  /** Its tickets' numbers, newest first (up to 1,000). */
  tickets: number[];
  /** Those not closed or pre-closed, which a post keeps on its ticket. */
  open: number[];
}

export interface LoadRequest {
  kind: RequestKind;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Draws requests of the mix; a customer without an open ticket has its post made by one with one. */
export function requestMaker(customers: readonly LoadCustomer[], seed = 1): () => LoadRequest {
  const random = prng(seed);
  const pickFrom = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const posters = customers.filter((c) => c.open.length);
  if (!posters.length) throw new Error('no customer of the load has an open ticket to post to');
  let n = 0;
  return () => {
    const c = pickFrom(customers);
    const headers = { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' };
    let r = random();
    const kind = mix.find(([, share]) => (r -= share) < 0)?.[0] ?? 'list';
    n += 1;
    if (kind === 'list') return { kind, method: 'GET', path: '/api/customer/tickets', headers: { authorization: headers.authorization } };
    if (kind === 'open') return { kind, method: 'GET', path: `/api/customer/tickets/${pickFrom(c.tickets)}`, headers: { authorization: headers.authorization } };
    if (kind === 'post') {
      // Only to a ticket still open: a post to a closed one is refused (reopen first), which is not the traffic measured.
      const poster = c.open.length ? c : pickFrom(posters);
      const postHeaders = { authorization: `Bearer ${poster.token}`, 'content-type': 'application/json' };
      return { kind, method: 'POST', path: `/api/customer/tickets/${pickFrom(poster.open)}/messages`, headers: postHeaders, body: JSON.stringify({ body: `Load message ${n}: the export still stops at 80%.` }) };
    }
    return { kind, method: 'POST', path: '/api/customer/tickets', headers, body: JSON.stringify({ type: 'tech', subject: `Load ticket ${n}`, body: 'The installer asks for a licence key it already has.' }) };
  };
}

export interface KindFigures {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface TrafficFigures {
  rps: number;
  errors: number;
  /** Status codes other than 2xx, by code. */
  statuses: Record<string, number>;
  kinds: Record<RequestKind, KindFigures>;
}

function figuresOf(samples: Record<RequestKind, number[]>, errors: Record<RequestKind, number>, seconds: number, statuses: Record<string, number>): TrafficFigures {
  const kinds = Object.fromEntries(
    requestKinds.map((k) => [k, { count: samples[k].length, errors: errors[k], p50: round(percentile(samples[k], 50), 2), p95: round(percentile(samples[k], 95), 2), p99: round(percentile(samples[k], 99), 2) }]),
  ) as Record<RequestKind, KindFigures>;
  const total = requestKinds.reduce((n, k) => n + samples[k].length, 0);
  return { rps: Math.round(total / seconds), errors: requestKinds.reduce((n, k) => n + errors[k], 0), statuses, kinds };
}

const emptyByKind = <T>(make: () => T) => Object.fromEntries(requestKinds.map((k) => [k, make()])) as Record<RequestKind, T>;

/** Closed loop: `connections` clients each sending its next request when the last is answered. */
export async function saturate(url: string, next: () => LoadRequest, o: { connections: number; seconds: number }): Promise<TrafficFigures> {
  const samples = emptyByKind<number[]>(() => []);
  const errors = emptyByKind(() => 0);
  const statuses: Record<string, number> = {};
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url,
    connections: o.connections,
    pipelining: 1,
    duration: o.seconds,
    requests: [
      {
        setupRequest: (req, context) => {
          const r = next();
          // The context is the connection's: with one request in flight per connection it names the answered request's kind.
          (context as { kind?: RequestKind }).kind = r.kind;
          return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
        },
      },
    ],
  }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance.on('response', (client: unknown, statusCode: number, _bytes: number, ms: number) => {
    const kind = (client as { requestIterator: { context: { kind: RequestKind } } }).requestIterator.context.kind;
    if (statusCode >= 200 && statusCode < 300) samples[kind].push(ms);
    else {
      errors[kind] += 1;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  });
  const result = await finished;
  return figuresOf(samples, errors, result.duration, statuses);
}

/** Open loop: requests due every 1/rate s whatever the answers, latency from when each was due. */
export async function offer(url: string, next: () => LoadRequest, o: { rate: number; seconds: number }): Promise<TrafficFigures> {
  const samples = emptyByKind<number[]>(() => []);
  const errors = emptyByKind(() => 0);
  const statuses: Record<string, number> = {};
  const pool = new Pool(url, { connections: 256, pipelining: 1 });
  const total = Math.round(o.rate * o.seconds);
  const start = performance.now() + 20;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const send = (due: number) => {
    const r = next();
    const p = (async () => {
      try {
        const res = await pool.request({ method: r.method, path: r.path, headers: r.headers, body: r.body });
        await res.body.arrayBuffer();
        const ms = performance.now() - due;
        if (res.statusCode >= 200 && res.statusCode < 300) samples[r.kind].push(ms);
        else {
          errors[r.kind] += 1;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        }
      } catch {
        errors[r.kind] += 1;
        statuses.network = (statuses.network ?? 0) + 1;
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request whose time has come, each with its own due time.
      while (sent < total && start + (sent * 1000) / o.rate <= now) send(start + (sent++ * 1000) / o.rate);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  await pool.close();
  return figuresOf(samples, errors, (performance.now() - start) / 1000, statuses);
}
