/**
 * `npm run bench [-- --json] [-- --quick]`: Spec Bridge against a naive no-cache resolver on the local
 * Forge platform with production-like latency. Progress goes to stderr; the table (or, with --json, one
 * JSON document) to stdout. Exits 1 when a target that is not a timing (TIMING_TARGETS) is missed.
 */
import { renderTable } from './render-table';
import { TIMING_TARGETS } from './report';
import { runBenchmark } from './run-benchmark';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((arg) => arg !== '--json' && arg !== '--quick');
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(' ')}. Usage: npm run bench -- [--json] [--quick]`);
  process.exit(2);
}

runBenchmark({ quick: args.has('--quick'), log: (line) => console.error(`[bench] ${line}`) })
  .then((report) => {
    console.log(args.has('--json') ? JSON.stringify(report, null, 2) : renderTable(report));
    const missed = report.targets.filter((t) => !t.met && !TIMING_TARGETS.has(t.id));
    process.exit(missed.length > 0 ? 1 : 0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
