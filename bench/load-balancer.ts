/**
 * A small HTTP load balancer for the rolling-restart harness, as a front proxy would be set up:
 * round robin over upstreams; a request whose connection was refused (nothing was sent) goes to the
 * next upstream; one that failed after it was sent is retried elsewhere only when repeating it is
 * safe: GET/HEAD/OPTIONS, or a write carrying an Idempotency-Key. An upstream that refused is left
 * out for a moment. Everything it did is counted, so the harness can report how requests got through.
 */
import http from 'node:http';
import type net from 'node:net';

export type Balancer = {
  url: string;
  counts: { requests: number; refusedRetried: number; sentRetried: number; failed: number };
  close: () => Promise<void>;
};

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const DOWN_MS = 500;
const GIVE_UP_MS = 15_000;

export async function startBalancer(upstreams: string[], port = 0): Promise<Balancer> {
  const targets = upstreams.map((u) => ({ url: new URL(u), agent: new http.Agent({ keepAlive: true, maxSockets: 64 }), downUntil: 0 }));
  const counts = { requests: 0, refusedRetried: 0, sentRetried: 0, failed: 0 };
  let next = 0;

  const attempt = (t: (typeof targets)[number], req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) =>
    new Promise<'done' | 'refused' | 'lost'>((resolve) => {
      let started = false;
      const up = http.request(
        { host: t.url.hostname, port: t.url.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.url.host }, agent: t.agent },
        (r) => {
          started = true;
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
          r.on('end', () => resolve('done'));
          r.on('error', () => {
            res.destroy();
            resolve('done');
          });
        },
      );
      up.on('error', (e: NodeJS.ErrnoException) => {
        // once the answer has begun it cannot be taken back: the client sees the break
        if (started) res.destroy();
        resolve(started ? 'done' : e.code === 'ECONNREFUSED' ? 'refused' : 'lost');
      });
      up.end(body);
    });

  const server = http.createServer(async (req, res) => {
    counts.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const repeatable = SAFE.has(req.method ?? '') || !!req.headers['idempotency-key'];
    const until = Date.now() + GIVE_UP_MS;
    while (Date.now() < until) {
      const up = targets.filter((t) => t.downUntil <= Date.now());
      const t = up.length ? up[next++ % up.length] : targets[next++ % targets.length];
      const outcome = await attempt(t, req, body, res);
      if (outcome === 'done') return;
      if (outcome === 'refused') {
        t.downUntil = Date.now() + DOWN_MS;
        counts.refusedRetried++;
        if (!up.length) await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!repeatable) break;
      counts.sentRetried++;
    }
    counts.failed++;
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'bad_gateway', message: 'no upstream answered' }));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const addr = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    counts,
    close: async () => {
      for (const t of targets) t.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
