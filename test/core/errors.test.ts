/**
 * The error catalogue: ids are stable and unique, an error carries its id in front of the
 * message, and every error the library throws outside the rules comes from the catalogue.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogueError, ERROR_CATALOGUE, ERRORS, libraryError } from '../../lib/core/errors';
import { checkEnvName } from '../../lib/core/env-name';

const LIB = path.resolve(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  test('ids are unique and of the form EXGnnn, each with a title', () => {
    const ids = ERROR_CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of ERROR_CATALOGUE) {
      expect(e.id).toMatch(/^EXG\d{3}$/);
      expect(e.title.length).toBeGreaterThan(20);
    }
  });

  test('an error starts with its id and carries it', () => {
    const e = libraryError(ERRORS.SECOND_CONNECTOR, 'TenantGateway at msp/Contoso already has a connector');
    expect(e).toBeInstanceOf(CatalogueError);
    expect(e.id).toBe('EXG006');
    expect(e.message).toBe('EXG006: TenantGateway at msp/Contoso already has a connector');
  });

  test('a converted site throws its catalogue id with the old wording', () => {
    expect(() => checkEnvName('not a name!', 'secretEnv')).toThrow(/^EXG020: secretEnv must be the NAME of an environment variable/);
  });

  test('no error outside the rules is thrown without an id', () => {
    // Allowed: findings rendered with their CBC code, and the simulator's stand-ins for Exchange
    // Online's own errors, whose text is Exchange's.
    const allowed = /throw new Error\(\s*formatFinding|Not a valid organization|in simulated tenant|CmdletInput needs/;
    const bare = sources(LIB).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split(/(?=throw new Error\()/)
        .slice(1)
        .filter((chunk) => !allowed.test(chunk.slice(0, 300)))
        .map((chunk) => `${path.relative(LIB, file)}: ${chunk.slice(0, 80)}`),
    );
    expect(bare).toEqual([]);
  });
});
