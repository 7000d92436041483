/**
 * Memory and duration of each function of the Forge-built bundle in its worst realistic cases, each in a fresh
 * Node process (`memory-child.ts`), so that no other work shares its RSS.
 *
 *   npx tsx local/bench/memory.ts                    # table on stdout, progress on stderr (about 3–4 min on 2 cores)
 *   npx tsx local/bench/memory.ts --json             # one JSON document
 *   npx tsx local/bench/memory.ts --write-fixture    # also writes test/forge/memory-measured.json (manifest-budgets test)
 *   npx tsx local/bench/memory.ts --only resolver-cold-card,adf-export    # or --skip consumer-fanout-distinct
 *
 * Forge's memoryMB bounds the whole function process. The child runs the local platform too, so its own RSS is the
 * platform plus the app; what the app needs on Forge is estimated as the bundle's idle RSS in a bare Node process
 * (no platform, no tsx) plus what the measured invocation added above the child's idle RSS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FORGE_BUILD_DIR } from '../forge-build/build-report';
import { ensureForgeBuild } from '../forge-build/ensure-build';
import { PRODUCTION_LIKE } from './latency-model';
import { MEMORY_CHILD_FILE } from './memory-child';
import { bigRecord, recordBytes, RECORD_LIMIT_BYTES, startBigRecordServer } from './memory-records';
import { MEMORY_SCENARIOS, SCENARIO_DESCRIPTION, SCENARIO_FUNCTION, SCENARIO_SIZES_MEMORY, type ChildResult, type MemoryScenario } from './memory-scenarios';

const APP_DIR = resolve(__dirname, '../..');
const MEMORY_FIXTURE = join(APP_DIR, 'test/forge/memory-measured.json');
/**
 * memoryMB must be at least the estimated need times this. The estimate leaves out Forge's own runtime wrapper and
 * sandbox (unknown size) and V8's lazier collection under a larger heap; twice the estimate covers both and the
 * measurement's spread (a few MB between runs).
 */
export const MEMORY_HEADROOM = 2;

interface ScenarioRow extends ChildResult {
  functionKey: string | null;
  description: string;
  /** peakRss − idleRss: what the measured action added. */
  addedRssMB: number;
  /** bundle idle RSS in bare Node + addedRss: the estimate of the function's process on Forge. */
  estimatedNeedMB: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const list = (flag: string) => (args.includes(flag) ? (args[args.indexOf(flag) + 1] ?? '').split(',') : undefined);
  const only = list('--only');
  const skip = list('--skip') ?? [];
  for (const name of [...(only ?? []), ...skip]) {
    if (!MEMORY_SCENARIOS.includes(name as MemoryScenario)) throw new Error(`unknown scenario ${name}; one of ${MEMORY_SCENARIOS.join(', ')}`);
  }
  const scenarios = MEMORY_SCENARIOS.filter((name) => (only ? only.includes(name) : true) && !skip.includes(name));
  const log = (line: string) => console.error(`[memory] ${line}`);
  ensureForgeBuild(APP_DIR);
  const bundle = bundleIdle();
  log(`bare Node ${bundle.bareRssMB} MB RSS; with the Forge bundle loaded ${bundle.bundleRssMB} MB RSS, ${bundle.bundleHeapMB} MB heap`);
  const server = await startBigRecordServer({ ms: PRODUCTION_LIKE.engineeringMs, jitterMs: PRODUCTION_LIKE.engineeringJitterMs });
  const rows: ScenarioRow[] = [];
  try {
    for (const scenario of scenarios) {
      log(`${scenario}: ${SCENARIO_DESCRIPTION[scenario]}`);
      const result = await runChild(scenario, server);
      const addedRssMB = round1(Math.max(0, result.peakRssMB - result.idleRssMB));
      rows.push({
        ...result,
        functionKey: SCENARIO_FUNCTION[scenario],
        description: SCENARIO_DESCRIPTION[scenario],
        addedRssMB,
        estimatedNeedMB: round1(bundle.bundleRssMB + addedRssMB),
      });
      log(`  idle ${result.idleRssMB} MB → peak ${result.peakRssMB} MB RSS (+${addedRssMB}); heap ${result.idleHeapMB} → ${result.peakHeapMB} MB; ${result.wallMs} ms${result.error ? `; ERROR ${result.error}` : ''}`);
    }
  } finally {
    await server.close();
  }
  const report = {
    schema: 'spec-bridge-memory/1',
    measuredAt: new Date().toISOString(),
    node: process.version,
    recordBytes: recordBytes(bigRecord('BIG-4901', 'R12345')),
    recordLimitBytes: RECORD_LIMIT_BYTES,
    latencyModel: { engineeringMs: PRODUCTION_LIKE.engineeringMs, jitterMs: PRODUCTION_LIKE.engineeringJitterMs, kvsMs: PRODUCTION_LIKE.kvsMs, confluenceMs: PRODUCTION_LIKE.confluenceMs },
    bundle,
    headroom: MEMORY_HEADROOM,
    scenarios: rows,
    perFunction: perFunction(rows, bundle.bundleRssMB),
  };
  if (rows.some((row) => row.error)) process.exitCode = 1;
  if (args.includes('--write-fixture')) {
    const missing = MEMORY_SCENARIOS.filter((name) => SCENARIO_SIZES_MEMORY[name] && !scenarios.includes(name));
    if (missing.length > 0) throw new Error(`--write-fixture needs every scenario that sizes memory; missing ${missing.join(', ')}`);
    if (process.exitCode) throw new Error('a scenario failed; the fixture was not written');
    writeFileSync(MEMORY_FIXTURE, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${MEMORY_FIXTURE}`);
  }
  console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : renderTable(report.bundle, rows, report.perFunction));
}

/** Per function: the worst scenario, its estimated need and the memoryMB that need asks for with the headroom. */
export function perFunction(rows: Pick<ScenarioRow, 'scenario' | 'functionKey' | 'estimatedNeedMB' | 'peakHeapMB' | 'invocations'>[], bundleRssMB: number) {
  const out: Record<string, { worstScenario: MemoryScenario; peakHeapMB: number; estimatedNeedMB: number; requiredMemoryMB: number; worstDurationMs: number }> = {};
  for (const row of rows) {
    if (!row.functionKey || !SCENARIO_SIZES_MEMORY[row.scenario]) continue;
    const current = out[row.functionKey];
    const worstDurationMs = Math.max(current?.worstDurationMs ?? 0, ...row.invocations.filter((i) => i.functionKey === row.functionKey).map((i) => i.durationMs));
    if (!current || row.estimatedNeedMB > current.estimatedNeedMB) {
      out[row.functionKey] = {
        worstScenario: row.scenario,
        peakHeapMB: row.peakHeapMB,
        estimatedNeedMB: row.estimatedNeedMB,
        requiredMemoryMB: Math.ceil(Math.max(row.estimatedNeedMB, bundleRssMB) * MEMORY_HEADROOM),
        worstDurationMs,
      };
    } else current.worstDurationMs = worstDurationMs;
  }
  return out;
}

/** RSS of bare Node, and of Node with the Forge-built bundle required and idle (no platform, no tsx). */
function bundleIdle(): { bareRssMB: number; bundleRssMB: number; bundleHeapMB: number } {
  const probe = (code: string) =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', code], { cwd: APP_DIR, encoding: 'utf8' })) as { rss: number; heap: number };
  const settle = `gc(); gc(); setTimeout(() => console.log(JSON.stringify({ rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed })), 300);`;
  const bare = probe(settle);
  const loaded = probe(`require(${JSON.stringify(join(APP_DIR, FORGE_BUILD_DIR, 'backend', 'index.cjs'))}); ${settle}`);
  const mb = (bytes: number) => round1(bytes / (1024 * 1024));
  return { bareRssMB: mb(bare.rss), bundleRssMB: mb(loaded.rss), bundleHeapMB: mb(loaded.heap) };
}

/** Runs the scenario's setup in one process and its measurement in a fresh one, over the same platform store. */
async function runChild(scenario: MemoryScenario, server: { origin: string; baseUrl: string }): Promise<ChildResult> {
  const storeDir = mkdtempSync(join(tmpdir(), 'spec-bridge-memory-'));
  try {
    await childPhase(scenario, 'setup', server, storeDir);
    const line = (await childPhase(scenario, 'measure', server, storeDir)).trim().split('\n').pop() ?? '';
    if (!line.startsWith('{')) throw new Error(`${scenario}: the measuring process printed no result`);
    return JSON.parse(line) as ChildResult;
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }
}

function childPhase(scenario: MemoryScenario, phase: 'setup' | 'measure', server: { origin: string; baseUrl: string }, storeDir: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', MEMORY_CHILD_FILE, scenario, phase], {
      cwd: APP_DIR,
      env: { ...process.env, MEMORY_ENG_ORIGIN: server.origin, MEMORY_ENG_BASE_URL: server.baseUrl, MEMORY_STORE_DIR: storeDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${scenario} (${phase}): child exited ${code}\n${stderr.slice(-2000)}`));
    });
  });
}

function renderTable(bundle: { bareRssMB: number; bundleRssMB: number; bundleHeapMB: number }, rows: ScenarioRow[], functions: ReturnType<typeof perFunction>): string {
  const lines = [
    `Spec Bridge memory (Forge-built bundle, ${process.version}, one fresh process per scenario; MB = MiB)`,
    `Runtime baseline: bare Node ${bundle.bareRssMB} MB RSS; bundle loaded and idle ${bundle.bundleRssMB} MB RSS, ${bundle.bundleHeapMB} MB heap`,
    '',
    pad(['scenario', 'function', 'idle RSS', 'peak RSS', 'added', 'est. need', 'idle heap', 'peak heap', 'invocations (ms)']),
  ];
  for (const row of rows) {
    const durations = row.invocations.filter((i) => i.functionKey === row.functionKey).map((i) => i.durationMs);
    lines.push(
      pad([
        row.scenario,
        row.functionKey ?? '—',
        String(row.idleRssMB),
        String(row.peakRssMB),
        `+${row.addedRssMB}`,
        row.functionKey ? String(row.estimatedNeedMB) : String(bundle.bundleRssMB),
        String(row.idleHeapMB),
        String(row.peakHeapMB),
        durations.length > 3 ? `${durations.length}× max ${Math.max(...durations)}` : durations.join(', ') || '—',
      ]),
    );
  }
  lines.push('', `Per function, over the scenarios that size memory (required = ceil(max(need, bundle idle) × ${MEMORY_HEADROOM})):`);
  for (const [key, f] of Object.entries(functions)) {
    lines.push(`  ${key.padEnd(18)} worst ${f.worstScenario.padEnd(26)} need ${f.estimatedNeedMB} MB → ≥ ${f.requiredMemoryMB} MB; longest invocation ${f.worstDurationMs} ms`);
  }
  return lines.join('\n');
}

function pad(cells: string[]): string {
  const widths = [26, 17, 9, 9, 8, 10, 10, 10, 18];
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 10)).join(' ');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
