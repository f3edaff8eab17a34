/**
 * Compiles the benchmark's TypeScript entry points (and the library sources they import) with
 * esbuild into bench/.build/, one file per entry. Library sources are read as TypeScript, so a
 * stale compiled lib/**\/*.js never gets measured; packages in node_modules stay external and are
 * loaded as users load them. `__dirname`/`__filename` are fixed at build time (see keepPaths), so
 * path lookups (the runtime bundle, the stand-in pwsh) work as in the repository.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BENCH = __dirname;
const OUT = path.join(BENCH, '.build');

const REPO = path.resolve(BENCH, '..');

/**
 * `__dirname`/`__filename` of each source file become the file's real location, except under
 * lib/: there they point into `libRoot`, a mirror of the repository layout (default: the
 * repository itself). The library finds its apply-time program as <lib>/../build/runtime, so a
 * libRoot holding a private copy of build/runtime makes every synth of the run use that one build,
 * whatever else rebuilds build/runtime in the same checkout meanwhile.
 */
function keepPaths(libRoot) {
  return {
    name: 'keep-source-paths',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const relative = path.relative(REPO, args.path);
        const file = relative.startsWith(`lib${path.sep}`) ? path.join(libRoot, relative) : args.path;
        const text = fs.readFileSync(args.path, 'utf8');
        const contents = text.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(file))).replace(/\b__filename\b/g, JSON.stringify(file));
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Builds the entry points (names of bench/*.ts without extension); returns name -> output file.
 * `libRoot`: see keepPaths.
 */
async function buildEntries(names, libRoot = REPO) {
  const esbuild = require('esbuild');
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, '.gitignore'), '*\n');
  const entryPoints = Object.fromEntries(names.map((n) => [n, path.join(BENCH, `${n}.ts`)]));
  await esbuild.build({
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [keepPaths(libRoot)],
  });
  return Object.fromEntries(names.map((n) => [n, path.join(OUT, `${n}.js`)]));
}

module.exports = { buildEntries, OUT };
