/**
 * A TCP proxy between the console and the test server, so a test can take the network away
 * (and give it back on the same address) without stopping the server, cut the connections
 * mid-transfer, or hold a response after some bytes to catch a download half done.
 */
import { createServer, Socket, type Server } from 'node:net';

export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Server-to-console bytes each connection may pass (from when it was set) before it is held; null: no limit. */
  private holdAfter: number | null = null;
  private passed = new WeakMap<Socket, number>();

  private constructor(
    private readonly target: { host: string; port: number },
    private port: number,
  ) {}

  static async start(targetUrl: string): Promise<TcpProxy> {
    const u = new URL(targetUrl);
    const proxy = new TcpProxy({ host: u.hostname, port: Number(u.port) }, 0);
    await proxy.resume();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** From now on, each connection's answers (kept-alive ones too) stop after `bytes` more; null: flow freely. */
  hold(bytes: number | null): void {
    this.holdAfter = bytes;
    this.passed = new WeakMap();
  }

  /** Drops every open connection, as a network failure would. */
  cut(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** The server becomes unreachable: connections refused and open ones dropped. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Reachable again, on the same port. */
  async resume(): Promise<void> {
    const server = createServer((client) => this.connect(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private connect(client: Socket): void {
    const upstream = new Socket();
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      const limit = this.holdAfter;
      if (limit === null) return void client.write(d);
      const passed = this.passed.get(upstream) ?? 0;
      const room = Math.max(0, limit - passed);
      this.passed.set(upstream, passed + d.length);
      if (room > 0) client.write(d.subarray(0, room));
      // Past the limit: hold everything else (the download seems stalled) until cut.
      if (passed + d.length >= limit) upstream.pause();
    });
    upstream.connect(this.target.port, this.target.host);
  }
}
