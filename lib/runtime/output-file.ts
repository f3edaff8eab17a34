/**
 * A file a command writes at its end (`export --out`, `report --html`): checked before any work,
 * so a mistyped folder fails at once, naming the path as given, instead of after reading every
 * tenant with an error about a temporary file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRORS, libraryError } from '../core/errors';

/** Throws EXG201 naming `option` and `file` when `file` cannot be written: no such folder, not a folder, not writable, or a folder itself. */
export function checkOutputFile(file: string, option: string, usage: string): void {
  const folder = path.dirname(path.resolve(file));
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(folder);
  } catch {
    stat = undefined;
  }
  const fail = (why: string) => libraryError(ERRORS.COMMAND_USAGE, `${option} ${file}: ${why}; ${usage}`);
  if (!stat) throw fail(`the folder ${folder} does not exist; create it first, or give a file in an existing folder`);
  if (!stat.isDirectory()) throw fail(`${folder} is not a folder; give a file in an existing folder`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw fail(`the folder ${folder} is not writable; give a file in a folder you can write to`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw fail('this is a folder; give a file name');
}
