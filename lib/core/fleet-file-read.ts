/**
 * Reads a fleet file from disk, with the limits that keep a wrong path from hanging or exhausting
 * synth: only a regular file, and never more than MAX_FILE_BYTES + 1 bytes of it.
 */
import * as fs from 'node:fs';
import { fleetFileError, FleetFileData, parseFleetFileText } from './fleet-file-parse';
import { MAX_FILE_BYTES } from './fleet-file-schema';

/** What a file system entry that is not a regular file is, in words. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads the fleet file at `file`. Only a regular file is read (a directory, device, pipe or socket
 * is refused), and never more than MAX_FILE_BYTES + 1 bytes of it, so a file over the limit, or
 * one that grows while it is read, is refused without being read whole.
 */
export function readFleetFile(file: string): FleetFileData {
  const cannot = (e: unknown): Error => fleetFileError(file, [{ line: 1, column: 1, message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path, relative to the working folder.` }]);
  const refuse = (message: string): Error => fleetFileError(file, [{ line: 1, column: 1, message }]);
  let fd: number;
  try {
    // Non-blocking, so opening a named pipe without a writer does not wait; it is refused below.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw refuse('is a directory, not a file; give the path of the fleet file itself.');
    throw cannot(e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw refuse(`is ${kindOf(st)}, not a regular file; give the path of the fleet file itself.`);
    const tooBig = (size: string): Error => refuse(`${size}, more than the ${MAX_FILE_BYTES} bytes a fleet file may have; split the fleet into several files (one FleetFile each).`);
    if (st.size > MAX_FILE_BYTES) throw tooBig(`is ${st.size} bytes`);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw cannot(e);
      }
      if (n === 0) break;
      length += n;
      if (length > MAX_FILE_BYTES) throw tooBig('grew while it was read');
    }
    return parseFleetFileText(file, buffer.toString('utf8', 0, length));
  } finally {
    fs.closeSync(fd);
  }
}
