import { startBenchApp } from './bench-app';
import { PRODUCTION_LIKE } from './latency-model';

async function main() {
  const app = await startBenchApp('specBridge', { ...PRODUCTION_LIKE, engineeringJitterMs: 0 });
  const warm = app.createPage([app.createSpecs('WARMUP', 1)]);
  for (const m of warm.macros) await app.view(warm.pageId, m);
  await app.platform.queue.drain(60_000);
  for (let r = 0; r < 3; r++) {
    const ids = app.createSpecs(`R${r}`, 3);
    const page = app.createPage([ids]);
    const g = globalThis as unknown as { __forge_fetch__: (target: { type?: string }, path: string, init?: { body?: unknown }) => Promise<Response> };
    const route = g.__forge_fetch__;
    const t0 = performance.now();
    const lines: string[] = [];
    g.__forge_fetch__ = async (target, path, init) => {
      const s = performance.now() - t0;
      const body = typeof init?.body === 'string' ? init.body.slice(0, 70) : '';
      try { return await route(target, path, init); } finally { lines.push(`${s.toFixed(0).padStart(4)} → ${(performance.now() - t0).toFixed(0).padStart(4)}  ${target.type} ${path.split('?')[0]} ${body}`); }
    };
    const v = await app.view(page.pageId, page.macros[0]!);
    g.__forge_fetch__ = route;
    console.log(`--- view ${v.ms.toFixed(1)} ms`);
    lines.sort((a, b) => Number(a.slice(0, 4)) - Number(b.slice(0, 4)));
    if (r === 2) console.log(lines.join('\n'));
    await app.platform.queue.drain(60_000);
  }
  await app.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
