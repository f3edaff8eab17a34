#!/usr/bin/env node
/**
 * Bundles the apply-time program into files under build/runtime/, its npm dependencies inlined,
 * so that the folder can be copied next to a stack as a cdktf asset and run there with no
 * node_modules. Also copies the PowerShell session script beside it. The adminApi transport
 * (the token library, certificate parsing) and `simulate` (the HTTPS simulator) are in
 * extras.js, which the program loads only when it needs them.
 */
const path = require('node:path');
const fs = require('node:fs');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const final = path.join(root, 'build', 'runtime');
// Build into a private folder and swap it in, so a concurrent run never sees a half-written one.
const out = path.join(root, 'build', `runtime.tmp-${process.pid}`);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none' };
esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'lib/runtime/exo-apply.ts')], outfile: path.join(out, 'exo-apply.js'), banner: { js: '#!/usr/bin/env node' }, external: ['./extras'] });
esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'lib/runtime/extras.ts')], outfile: path.join(out, 'extras.js') });
const simMain = path.join(root, 'lib/runtime/simulator/sim-session-main.ts');
if (fs.existsSync(simMain)) {
  esbuild.buildSync({ ...common, entryPoints: [simMain], outfile: path.join(out, 'exo-sim-session.js') });
}
fs.copyFileSync(path.join(root, 'lib/runtime/exo-session.ps1'), path.join(out, 'exo-session.ps1'));
fs.chmodSync(path.join(out, 'exo-apply.js'), 0o755);
// Unchanged (the usual case when an app command bundles before each synth): keep the folder in
// place, so programs that read it meanwhile never see it missing.
const same = (a, b) => fs.readdirSync(a).sort().join('\0') === fs.readdirSync(b).sort().join('\0')
  && fs.readdirSync(a).every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
if (fs.existsSync(final) && same(out, final)) {
  fs.rmSync(out, { recursive: true, force: true });
} else {
  const old = path.join(root, 'build', `runtime.old-${process.pid}`);
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(out, final);
  fs.rmSync(old, { recursive: true, force: true });
}
