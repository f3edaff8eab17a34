/**
 * Writes a file all at once: a temporary file next to it (with the final mode from the start,
 * synced to disk) renamed over the target, and removed again when anything fails. Readers in
 * other processes see the old content or the new, never a part.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
