/**
 * The fault harness's TCP proxy between consoles and a server (node:net): it passes bytes both
 * ways and, as the harness's seeded PRNG decides, delays them (a slow link: each chunk held a
 * while, order kept), drops a connection after some bytes (a reset mid-request or mid-answer),
 * cuts every open connection at once, and partitions: while partitioned, nothing passes (new
 * connections are accepted and held, as on a link that went dark, not refused); at the heal
 * the held connections either flow on (the network came back before TCP gave up) or are reset.
 */
import { createServer, Socket, type Server } from 'node:net';

export interface FaultProxyOptions {
  /** The seeded PRNG the faults are drawn from. */
  random: () => number;
  /** Share of new connections dropped after a random number of bytes (0..1). */
  dropRate?: number;
  /** Share of new connections on a slow link (0..1), each chunk delayed up to maxDelayMs. */
  delayRate?: number;
  maxDelayMs?: number;
  /** Counts each fault the proxy itself draws (drop, delay). */
  onFault?: (kind: string) => void;
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Bytes (both ways) after which this connection is dropped; null: never. */
  dropAfter: number | null;
  passed: number;
  delayMs: number;
  /** Chunks waiting for the delay or a partition's heal, per direction, in order. */
  queue: Array<{ to: Socket; data: Buffer }>;
  flushing: boolean;
}

export class FaultProxy {
  private server: Server | null = null;
  private readonly links = new Set<Link>();
  private partitioned = false;
  private port = 0;
  /** No drawn faults until rough() (the consoles' first sync), and again from quiet(). */
  private calm = true;

  private constructor(
    private readonly target: { host: string; port: number },
    private readonly o: FaultProxyOptions,
  ) {}

  static async start(targetUrl: string, o: FaultProxyOptions): Promise<FaultProxy> {
    const u = new URL(targetUrl);
    const proxy = new FaultProxy({ host: u.hostname, port: Number(u.port) }, o);
    const server = createServer((client) => proxy.connect(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (server.address() as { port: number }).port;
    proxy.server = server;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resets every open connection, as a router restart would. */
  cut(): void {
    for (const l of [...this.links]) this.drop(l);
  }

  /** Nothing passes until heal(): open connections stall, new ones are held. */
  partition(): void {
    this.partitioned = true;
  }

  /** Ends a partition: held connections flow on, or (`reset`) are dropped. */
  heal(reset: boolean): void {
    this.partitioned = false;
    for (const l of [...this.links]) {
      if (reset) this.drop(l);
      else this.flush(l);
    }
  }

  /** Drawn faults from now on. */
  rough(): void {
    this.calm = false;
  }

  /** No more drawn faults (the quiet period): a clean link. */
  quiet(): void {
    this.calm = true;
    this.heal(false);
    for (const l of this.links) {
      l.dropAfter = null;
      l.delayMs = 0;
    }
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connect(client: Socket): void {
    const r = this.o.random;
    const dropping = !this.calm && r() < (this.o.dropRate ?? 0);
    const slow = !this.calm && r() < (this.o.delayRate ?? 0);
    if (dropping) this.o.onFault?.('proxy.drop');
    if (slow) this.o.onFault?.('proxy.delay');
    const link: Link = {
      client, upstream: new Socket(),
      dropAfter: dropping ? Math.floor(r() * 4000) : null, passed: 0,
      delayMs: slow ? Math.floor(r() * (this.o.maxDelayMs ?? 300)) : 0,
      queue: [], flushing: false,
    };
    this.links.add(link);
    const drop = () => this.drop(link);
    client.on('error', drop).on('close', drop);
    link.upstream.on('error', drop).on('close', drop);
    client.on('data', (d: Buffer) => this.pass(link, link.upstream, d));
    link.upstream.on('data', (d: Buffer) => this.pass(link, client, d));
    link.upstream.connect(this.target.port, this.target.host);
  }

  private pass(l: Link, to: Socket, data: Buffer): void {
    if (l.dropAfter !== null) {
      l.passed += data.length;
      if (l.passed > l.dropAfter) {
        // Part of the chunk gets through, then the connection is reset.
        const room = data.length - (l.passed - l.dropAfter);
        if (room > 0 && !l.delayMs && !this.partitioned && !l.queue.length) to.write(data.subarray(0, room));
        this.drop(l);
        return;
      }
    }
    if (!l.delayMs && !this.partitioned && !l.queue.length) return void to.write(data);
    l.queue.push({ to, data });
    this.flush(l);
  }

  /** Sends the held chunks in order, each after the link's delay; stops while partitioned. */
  private flush(l: Link): void {
    if (l.flushing) return;
    l.flushing = true;
    const next = () => {
      if (this.partitioned || !this.links.has(l)) return void (l.flushing = false);
      const chunk = l.queue.shift();
      if (!chunk) return void (l.flushing = false);
      chunk.to.write(chunk.data);
      if (l.delayMs) setTimeout(next, l.delayMs);
      else next();
    };
    if (l.delayMs) setTimeout(next, l.delayMs);
    else next();
  }

  private drop(l: Link): void {
    if (!this.links.delete(l)) return;
    l.client.destroy();
    l.upstream.destroy();
    l.queue.length = 0;
  }
}
