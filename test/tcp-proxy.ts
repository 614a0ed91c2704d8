/**
 * A TCP proxy for tests that cut a server away mid-run: on 127.0.0.1, to one target,
 * with a lifetime after which it stops by itself (a test that fails half-way leaves
 * nothing listening). `cut()` drops every connection and refuses new ones, as a server
 * that went away; `restore()` listens again on the same port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (a test can wait until traffic flows before it cuts). */
  readonly connections: number;
  /** Bytes forwarded towards the target so far. */
  readonly bytesUp: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Stops by itself after this long (default 2 min). */
  lifetimeMs?: number;
  /** Cuts once this many bytes went towards the target: mid-transfer, at the same point each run. */
  cutAfterBytes?: number;
  /** Called when that cut happened. */
  onCut?: () => void;
}

export async function startTcpProxy(target: { host: string; port: number }, opts: TcpProxyOptions = {}): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let connections = 0;
  let bytesUp = 0;
  let cutDone = false;

  const pipe = (client: Socket): void => {
    connections++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined); // a cut connection errors on both sides; the peer sees it
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d: Buffer) => {
      bytesUp += d.length;
      if (opts.cutAfterBytes !== undefined && bytesUp >= opts.cutAfterBytes && !cutDone) {
        cutDone = true;
        void cut().then(() => opts.onCut?.());
      }
    });
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer(pipe);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const cut = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };

  await listen();
  const stopper = setTimeout(() => void cut(), opts.lifetimeMs ?? 120_000);
  stopper.unref();

  return {
    get port() {
      return port;
    },
    get connections() {
      return connections;
    },
    get bytesUp() {
      return bytesUp;
    },
    cut,
    restore: async () => {
      if (!server) await listen();
    },
    close: async () => {
      clearTimeout(stopper);
      await cut();
    },
  };
}
