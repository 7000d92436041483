/**
 * A standalone node:http server around an engineering system's handle(), bound to loopback,
 * for tests and scripts that want a real HTTP endpoint.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineeringSystem } from './engineering-system';

/** Inputs of startEngineeringServer. */
export interface EngineeringServerOptions {
  system: Pick<EngineeringSystem, 'handle' | 'basePath'>;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
}

/** A listening server; close() drops open connections and stops it. */
export interface EngineeringServer {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The API base URL clients use (ENG_API_BASE_URL), e.g. `http://127.0.0.1:41234/eng/api/v1`. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the server and resolves once it listens. */
export async function startEngineeringServer(options: EngineeringServerOptions): Promise<EngineeringServer> {
  const { system, host = '127.0.0.1', port = 0 } = options;
  if (host !== '127.0.0.1') throw new Error('startEngineeringServer listens on 127.0.0.1 only');
  const server = createServer((req, res) => {
    serve(system, host, req, res).catch((error: unknown) => {
      console.error('engineering server: request failed', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrl: `${url}${system.basePath}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function serve(
  system: Pick<EngineeringSystem, 'handle'>,
  host: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  const port = req.socket.localPort ?? 0;
  const request = new Request(`http://${host}:${port}${req.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await system.handle(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
