// Adds up the JSON reports of the suite's runs and prints the closing line CI reads.
// A tier that did not run leaves NAME.absent instead of a report: under CI=true it counts as one
// failure (a CI run must not pass by running less), elsewhere as one skip.
import fs from 'node:fs';

const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
let passed = 0;
let failed = 0;
let skipped = 0;
// The names of what failed (and of what passed only when run again), printed just above the closing line, where a log's tail still shows them.
const failures = [];
const retried = [];
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split('=');
  if (file.endsWith('.absent')) {
    const why = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'did not run';
    console.log(`${name}: did not run (${why}): counted as 1 ${ci ? 'failure (CI=true)' : 'skip'}`);
    if (ci) failed += 1;
    else skipped += 1;
    continue;
  }
  if (!fs.existsSync(file)) {
    console.log(`${name}: produced no report (the run crashed): counted as 1 failure`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  // A file that failed to load has no tests in it but still failed.
  const brokenFiles = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  let f = (r.numFailedTests ?? 0) + brokenFiles;
  // A run that failed outside any test (global setup, teardown, unhandled error) still failed.
  if (f === 0 && r.success === false) f = 1;
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const t of r.testResults ?? []) {
    const file = String(t.name ?? '').replace(/^.*?\/(test|src)\//, '$1/');
    if (t.status === 'failed' && (t.assertionResults ?? []).length === 0) failures.push(`FAILED ${name}: ${file}: ${firstLine(t.message)}`);
    for (const a of t.assertionResults ?? []) {
      if (a.status === 'failed') failures.push(`FAILED ${name}: ${file} › ${a.fullName ?? a.title}: ${firstLine((a.failureMessages ?? [])[0])}`);
      // passed with the messages of an earlier try: failed once, passed when run again (CI's retry)
      else if (a.status === 'passed' && (a.failureMessages ?? []).length) retried.push(`PASSED ON RETRY ${name}: ${file} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages[0])}`);
    }
  }
  console.log(`${name}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
for (const line of [...retried, ...failures]) console.log(line);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;

function firstLine(message) {
  return String(message ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
}
