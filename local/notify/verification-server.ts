/**
 * A tiny loopback HTTP server that runs the real change-notice handler with in-memory ports, so the
 * sender, the CLI and the copy-paste examples in docs/change-notices.md can be checked end to end.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChangeNotice, type RefreshEvent, type WebTriggerRequest } from '../../src/handlers/change-notice';

/** A running verification server. */
export interface VerificationServer {
  url: string;
  /** Each accepted delivery's events, in arrival order. */
  queued: RefreshEvent[][];
  close: () => Promise<void>;
}

/** Starts the server on 127.0.0.1 with a random port. */
export async function startVerificationServer(options: { secrets: string[] }): Promise<VerificationServer> {
  const claimed = new Set<string>();
  const queued: RefreshEvent[][] = [];
  const server = createServer((req, res) => {
    void toWebTriggerRequest(req)
      .then((request) =>
        handleChangeNotice(request, {
          secrets: options.secrets,
          nowSeconds: () => Math.floor(Date.now() / 1000),
          claimDeliveryId: async (id) => (claimed.has(id) ? 'duplicate' : (claimed.add(id), 'claimed')),
          confirmDeliveryId: async () => undefined,
          releaseDeliveryId: async (id) => void claimed.delete(id),
          enqueue: async (events) => void queued.push(events),
        }),
      )
      .then((response) => {
        res.writeHead(response.statusCode, response.headers);
        res.end(response.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/public/change-notices`,
    queued,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function toWebTriggerRequest(req: IncomingMessage): Promise<WebTriggerRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    body: Buffer.concat(chunks).toString('utf8'),
    headers: req.headersDistinct as Record<string, string[]>,
    queryParameters: {},
  };
}
