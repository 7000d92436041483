/**
 * Records of the largest size Spec Bridge accepts (just under MAX_RECORD_BYTES = 64 KiB of UTF-8 JSON, 500
 * parameters), and typical ones (`STD-n`), served over HTTP for the memory measurement (`memory.ts`). Every response carries a new revision, so
 * each re-read changes every record and every snapshot that shows it is rewritten (the worst case for the push path).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_RECORD_BYTES } from '../../src/engineering/schema';

const PARAMETERS = 500;
export const BIG_BASE_PATH = '/eng/api/v1';

/** A record of `revision` that takes just under 64 KiB (ids `STD-n`: a typical record of 12 parameters, about 1.8 KB). */
export function bigRecord(id: string, revision: string) {
  const parameters = id.startsWith('STD-') ? 12 : PARAMETERS;
  const record = {
    id,
    title: `Large assembly ${id}`.padEnd(120, '.'),
    revision,
    status: 'released',
    owner: 'Ada Lovelace',
    updatedAt: '2026-03-04T09:00:00Z',
    url: `https://eng.example.com/specs/${id}`,
    parameters: Array.from({ length: parameters }, (_, i) => ({
      name: `${String(i).padStart(3, '0')} ${'n'.repeat(22)}`,
      nominal: 25 + i,
      unit: 'uuuu',
      tolerance: { type: 'deviation', upper: 0.0125, lower: 0.0375 },
    })),
  };
  return record;
}

/** UTF-8 bytes of a record as JSON (what the 64 KiB limit counts). */
export function recordBytes(record: unknown): number {
  return Buffer.byteLength(JSON.stringify(record));
}

/** Loopback server of big records (`GET /specs/{id}`, `GET /specs?ids=`) with an injected latency (ms ± jitter). */
export async function startBigRecordServer(latency: { ms: number; jitterMs: number }) {
  let requests = 0;
  let latencyOn = false;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/__admin/latency') {
        latencyOn = url.searchParams.get('on') === '1';
        res.writeHead(204).end();
        return;
      }
      requests += 1;
      const revision = `R${requests}`;
      if (latencyOn && latency.ms > 0) await new Promise((resolve) => setTimeout(resolve, latency.ms + (Math.random() * 2 - 1) * latency.jitterMs));
      const path = url.pathname.slice(BIG_BASE_PATH.length);
      const ids = path === '/specs' ? (url.searchParams.get('ids')?.split(',') ?? []) : [decodeURIComponent(path.replace(/^\/specs\//, ''))];
      const body =
        path === '/specs'
          ? { items: ids.map((id) => ({ record: bigRecord(id, revision), etag: `"${id}-${revision}"` })), missing: [] }
          : bigRecord(ids[0] ?? 'BIG-1', revision);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (path !== '/specs') headers.etag = `"${ids[0]}-${revision}"`;
      res.writeHead(200, headers).end(JSON.stringify(body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}${BIG_BASE_PATH}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The record limit the app enforces, for the measurement's report. */
export const RECORD_LIMIT_BYTES = MAX_RECORD_BYTES;
