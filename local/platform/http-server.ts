import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { principalFromHttpHeaders } from './confluence';
import type { ChangeNoticeInfo } from '../notify/change-notice-info';
import type { LocalPlatform } from './platform';
import { toWebTriggerRequest } from './webtriggers';

/** Largest request body the local server reads (Forge's invocation payload limit is 5 MB). */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * How much of an over-limit body the server still reads and throws away before answering 413, so a
 * keep-alive client finds the connection ready for its next request. Past it the server answers
 * 413 with `Connection: close` and stops reading.
 */
const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

/** A route the server delegates to another component (the engineering system, the workbench). */
export interface ExtraRoute {
  prefix: string;
  handle(request: Request): Promise<Response>;
}

export interface LocalServerOptions {
  platform: LocalPlatform;
  /** Where `/__local/info` says the engineering API lives, and its local token. */
  engineeringApi?: { baseUrl: string; token: string };
  /** Where `/__local/info` says change notices go and how to send one (the secret only when it is the local one). */
  changeNotices?: ChangeNoticeInfo;
  /** The local development secrets by purpose (change notices, documentation notices, queries) for `/__local/info`. */
  localSecrets?: () => Promise<unknown[]>;
  routes?: ExtraRoute[];
  /**
   * More platforms (other sites' installations in this process) whose web triggers this server also
   * answers, at their `webTriggerUrl`s (`/x/<installationId>/<key>`); their origin becomes this server's.
   */
  sites?: LocalPlatform[];
  host?: '127.0.0.1';
  port?: number;
}

export interface LocalServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The local platform over HTTP on 127.0.0.1: web triggers at `/x/<key>` (Forge's request and
 * response shapes; `/x/<installationId>/<key>` for a site other than the default one), Confluence
 * REST v2 at `/wiki/api/v2/...` and the v1 user API at `/wiki/rest/api/...`, `/__local/info`, plus extra routes.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { platform } = options;
  const sites = [platform, ...(options.sites ?? [])];
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Local server failed', detail: String(error) }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', platform.origin);
    const read = await readBody(req);
    if (read.kind === 'too-large') {
      const error = `Request body too large: the local server reads at most ${MAX_BODY_BYTES} bytes`;
      return send(res, Response.json({ error }, { status: 413, headers: read.drained ? {} : { connection: 'close' } }));
    }
    const body = read.text;

    const trigger = /^\/x\/(?:([^/]+)\/)?([^/]+)\/?$/.exec(url.pathname);
    if (trigger?.[2]) {
      const key = decodePathSegment(trigger[2]);
      const installationId = trigger[1] === undefined ? undefined : decodePathSegment(trigger[1]);
      if (key === undefined || (trigger[1] !== undefined && installationId === undefined)) return send(res, Response.json({ error: `Malformed percent-encoding in ${url.pathname}` }, { status: 400 }));
      const target = trigger[1] === undefined ? platform : sites.find((site) => site.site.installationId === installationId);
      if (!target) return send(res, Response.json({ error: `No installation '${installationId}' on this server` }, { status: 404 }));
      const response = await target.callWebTrigger(key, toWebTriggerRequest(req.method ?? 'GET', url, req.headers, body));
      const headers = new Headers();
      for (const [name, values] of Object.entries(response.headers ?? {})) for (const value of values) headers.append(name, value);
      return send(res, new Response(response.body ?? null, { status: response.statusCode, headers }));
    }
    if (url.pathname.startsWith('/wiki/api/v2/') || url.pathname.startsWith('/wiki/rest/api/')) {
      // The UI side's REST calls (as `@forge/bridge` makes them): metered, but they spend no points, as on Forge.
      platform.costs.add('bridgeConfluenceRequests', 1);
      const response = await platform.confluence.handle({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        headers: new Headers(req.headers as Record<string, string>),
        body,
        principal: principalFromHttpHeaders(req.headers),
      });
      return send(res, response);
    }
    if (url.pathname === '/__local/info') return send(res, Response.json({ ...info(), secrets: (await options.localSecrets?.()) ?? [] }));
    const route = options.routes?.find((r) => url.pathname === r.prefix || url.pathname.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`));
    if (route) {
      // Aborted when the client goes away, so long-lived responses (the workbench's event streams) can stop.
      const disconnected = new AbortController();
      res.once('close', () => disconnected.abort());
      const request = new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        signal: disconnected.signal,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
      });
      return send(res, await route.handle(request), true);
    }
    return send(res, Response.json({ error: `Nothing at ${url.pathname}`, see: '/__local/info' }, { status: 404 }));
  }

  function info() {
    return {
      webtriggers: Object.fromEntries(platform.manifest.webtriggers.map((w) => [w.key, platform.webTriggerUrl(w.key)])),
      engineeringApi: options.engineeringApi ?? null,
      changeNotices: options.changeNotices ?? null,
      pages: platform.confluence.admin.listPages().map((page) => ({ id: page.id, title: page.title, url: `${platform.origin}/wiki/api/v2/pages/${page.id}` })),
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const site of sites) site.setOrigin(origin);
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long-lived responses (event streams) would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

/** A request body: its text, or too large (`drained` when the server read all of it anyway). */
type RequestBody = { kind: 'read'; text: string } | { kind: 'too-large'; drained: boolean };

/**
 * Reads the body up to MAX_BODY_BYTES. An over-limit body is read on and discarded rather than left
 * in the socket (destroying the request, as leaving a `for await` over it does, resets a keep-alive
 * client's connection), up to MAX_DISCARDED_BYTES more.
 */
function readBody(req: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      chunks.length = 0;
      if (size > MAX_BODY_BYTES + MAX_DISCARDED_BYTES) {
        req.off('data', onData);
        req.pause();
        resolve({ kind: 'too-large', drained: false });
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > MAX_BODY_BYTES ? { kind: 'too-large', drained: true } : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    req.once('error', reject);
    req.once('close', () => reject(new Error('The client went away before sending the whole body')));
  });
}

/** A percent-decoded path segment, or undefined when its encoding is malformed (e.g. `%zz`). */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function send(res: ServerResponse, response: Response, stream = false): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  if (stream) {
    const reader = response.body.getReader();
    res.once('close', () => void reader.cancel().catch(() => undefined));
    for (let part = await reader.read(); !part.done; part = await reader.read()) res.write(part.value);
    return void res.end();
  }
  res.end(Buffer.from(await response.arrayBuffer()));
}
