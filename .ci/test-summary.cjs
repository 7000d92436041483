// Prints vitest's JSON report (test-results/vitest.json) per folder, then one plain closing line.
// A folder that ran no test shows up as a missing line — and, for the folders listed below, fails the run.
'use strict';
const fs = require('fs');
const path = require('path');

const REQUIRED = ['test/integration', 'test/faults', 'test/platform', 'test/e2e', 'test/forge', 'test/ui', 'test/workbench', 'test/adapters', 'test/pipeline'];
const file = 'test-results/vitest.json';
if (!fs.existsSync(file)) {
  console.log('ci: no vitest report (npm test stopped before vitest ran)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const root = process.cwd();
const folders = new Map();
let brokenFiles = 0;
for (const suite of report.testResults) {
  const rel = path.relative(root, suite.name).split(path.sep);
  const folder = rel.slice(0, rel[0] === 'test' || rel[0] === 'src' || rel[0] === 'local' ? 2 : 1).join('/');
  const counts = folders.get(folder) ?? { passed: 0, failed: 0, skipped: 0 };
  for (const test of suite.assertionResults) {
    if (test.status === 'passed') counts.passed++;
    else if (test.status === 'failed') counts.failed++;
    else counts.skipped++;
  }
  if (suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed')) {
    counts.failed++; // a failed hook or import: the file failed with no failing test
    brokenFiles++;
  }
  folders.set(folder, counts);
}
console.log('ci: tests per folder');
for (const [folder, c] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${folder.padEnd(22)} ${String(c.passed).padStart(4)} passed / ${c.failed} failed / ${c.skipped} skipped`);
}
const missing = REQUIRED.filter((folder) => !(folders.get(folder)?.passed > 0));
if (missing.length) console.log(`ci: these folders ran no test: ${missing.join(', ')}`);
const skipped = report.numPendingTests + (report.numTodoTests || 0);
const failed = report.numFailedTests + brokenFiles + missing.length;
console.log(`${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
