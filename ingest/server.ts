/**
 * The node:http adapter: turns each IncomingMessage into a Web Request (the body streamed, not
 * buffered, so the handler's size limits apply as it reads), and the Response back, then
 * `startServer` for `heatlens serve` and the tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody } from './errors.js';
import type { IngestHandler } from './handler.js';

/**
 * The request body as a Web stream. Unlike Readable.toWeb, cancelling it (a body refused
 * half-way) only stops reading: the socket stays open for the answer.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on('end', () => {
          if (!done) controller.close();
          done = true;
        });
        req.on('error', (e) => {
          if (!done) controller.error(e);
          done = true;
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    { highWaterMark: 4 },
  );
}

/** Bytes of an unread request body discarded after answering, to keep the connection usable. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

function toRequest(req: IncomingMessage, res: ServerResponse, base: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // Aborted when the client hangs up before its answer is written: a read waiting for its
  // turn then leaves the queue instead of running a query nobody will receive.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return new Request(new URL(req.url ?? '/', base), {
    method,
    headers,
    signal: gone.signal,
    body: hasBody ? bodyStream(req) : undefined,
    // Required by fetch for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response, req: IncomingMessage): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    if (k !== 'connection') headers[k] = v;
  });
  if (!req.complete) {
    // Refused before the body was read (too large, wrong origin): discard the rest so the
    // connection stays usable, but not without end — past DRAIN_LIMIT the socket is closed.
    let drained = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.byteLength;
      if (drained > DRAIN_LIMIT) req.socket.destroy();
    });
    req.resume();
  }
  res.writeHead(response.status, headers);
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(new Uint8Array(await response.arrayBuffer()));
}

/** A node:http request listener around a Web-standard handler. */
export function nodeListener(handler: IngestHandler, base = 'http://localhost') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let request: Request;
    try {
      request = toRequest(req, res, base);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify(errorBody('bad_request', 'request cannot be parsed')));
      return;
    }
    handler(request, { ip: req.socket.remoteAddress })
      .then((response) => send(res, response, req))
      .catch(() => {
        // The handler answers every error itself; this is a failure to write the answer
        // (client gone). Nothing is left to tell anyone.
        if (!res.headersSent) res.writeHead(500, { connection: 'close' });
        res.end();
      });
  };
}

export interface RunningServer {
  server: Server;
  /** `http://host:port` with the port actually bound (useful with port 0). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer(handler: IngestHandler, port: number, host: string): Promise<RunningServer> {
  const server = createServer(nodeListener(handler, `http://${host.includes(':') ? `[${host}]` : host}`));
  // Slow clients must not hold sockets forever (slowloris); batches are small.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port: bound,
        url: `http://${shown}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
