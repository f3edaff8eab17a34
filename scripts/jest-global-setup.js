/**
 * Runs once before any test:
 * - bundles the apply-time program (assets, stand-in pwsh run the bundle);
 * - builds the jsii assembly (.jsii) when it is missing or older than a source file under lib/,
 *   so the API tests (test/api-docs.test.ts) never read a stale public API. A failed build stops
 *   the run with jsii's own output.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ASSEMBLY = path.join(ROOT, '.jsii');

/** The newest modification time of the TypeScript sources under `dir` (declaration files excluded). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why the assembly must be rebuilt, or undefined when it is up to date. */
function assemblyStaleness() {
  if (!fs.existsSync(ASSEMBLY)) return '.jsii is missing';
  const built = fs.statSync(ASSEMBLY).mtimeMs;
  const newest = newestSource(path.join(ROOT, 'lib'));
  return newest > built ? 'a file under lib/ is newer than .jsii' : undefined;
}

function buildAssembly() {
  const why = assemblyStaleness();
  if (!why) return;
  process.stdout.write(`\njest global setup: ${why}; building it with jsii (npm run build does the same) ...\n`);
  const jsii = require.resolve('jsii/bin/jsii', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [jsii, '--silence-warnings=reserved-word'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 || assemblyStaleness()) {
    throw new Error(
      `jest global setup: the jsii assembly (.jsii) could not be rebuilt (${why}); the API tests would check a stale public API.\n` +
        `Run "npx jsii --silence-warnings=reserved-word" and fix what it reports:\n${run.stdout}${run.stderr}`,
    );
  }
}

module.exports = async () => {
  require('./bundle-runtime.js');
  buildAssembly();
};

module.exports.assemblyStaleness = assemblyStaleness;
