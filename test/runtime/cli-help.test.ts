/**
 * `exo-gateway --help`, `exo-gateway help [command]` and `exo-gateway <command> --help`: the usage
 * on stdout and exit 0, through the bundled program a user runs; a missing or unknown command is
 * a usage error (stderr, exit 2).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PROGRAM = path.resolve(__dirname, '..', '..', 'build', 'runtime', 'exo-apply.js');
const run = (...args: string[]) => spawnSync(process.execPath, [PROGRAM, ...args], { encoding: 'utf8', cwd: __dirname });

test.each([['--help'], ['-h'], ['help']])('exo-gateway %s prints the general usage on stdout and exits 0', (flag) => {
  const r = run(flag);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^usage: exo-gateway <command> \[arguments\]$/m);
  for (const command of ['what-if', 'drift', 'report', 'plan-summary', 'export', 'simulate', 'converge']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
});

test.each([
  ['drift', /^usage: exo-gateway drift \[--concurrency <n>\]/],
  ['report', /^usage: exo-gateway report \[--json\] \[--html <file>\]/],
  ['export', /^usage: exo-gateway export \[--out <fleet file>\]/],
  ['plan-summary', /^usage: exo-gateway plan-summary \[--json\]/],
  ['simulate', /^usage: exo-gateway simulate \[--seed-from <stack folder>\]/],
  ['what-if', /^usage: exo-gateway what-if \[stack folder\] \[tenant\]$/m],
])('exo-gateway %s --help (and help <command>) prints that command\'s usage and exits 0', (command, usage) => {
  for (const args of [[command, '--help'], [command, '-h'], [command, '.', '--help'], ['help', command]]) {
    const r = run(...args);
    expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
    expect(r.stdout).toMatch(usage);
  }
});

test('a command without options of its own answers --help with the general usage', () => {
  const r = run('converge', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^usage: exo-gateway <command>/);
});

test('no command, or an unknown one, is a usage error: stderr, exit 2', () => {
  const none = run();
  expect(none.status).toBe(2);
  expect(none.stdout).toBe('');
  expect(none.stderr).toMatch(/^exo-gateway: name a command\nusage: exo-gateway <command>/);
  const unknown = run('drfit');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^exo-gateway: unknown command 'drfit'\nusage: exo-gateway <command>/);
});
