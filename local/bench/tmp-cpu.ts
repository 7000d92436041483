import { startBenchApp } from './bench-app';
import { NO_LATENCY } from './latency-model';

async function main() {
  const subject = (process.argv[2] ?? 'specBridge') as 'specBridge' | 'baseline';
  const app = await startBenchApp(subject, NO_LATENCY);
  const warm = app.createPage([app.createSpecs('WARMUP', 1)]);
  for (const m of warm.macros) await app.view(warm.pageId, m);
  await app.platform.queue.drain(60_000);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let views = 0;
  for (let r = 0; r < 20; r++) {
    const ids = app.createSpecs(`R${r}`, 30);
    const page = app.createPage(Array.from({ length: 10 }, (_, i) => ids.slice(i * 3, i * 3 + 3)));
    await Promise.all(page.macros.map((m) => app.view(page.pageId, m)));
    views += 10;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(subject, 'views', views, 'wall ms/view', ((performance.now() - t0) / views).toFixed(2), 'cpu ms/view', ((cpu.user + cpu.system) / 1000 / views).toFixed(2));
  await app.platform.queue.drain(60_000);
  await app.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
