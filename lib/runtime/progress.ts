/**
 * Progress of a command over many tenants, on stderr: one line rewritten in place on a terminal;
 * elsewhere (a CI log) a line at each tenth of the way and at the end, so a long run stays
 * visible without a line per tenant.
 */
export function tenthsProgress(
  total: number,
  write: (text: string) => void,
  tty: boolean,
  line: (done: number, failed: number) => string,
): (done: number, failed: number) => void {
  let lastTenth = -1;
  return (done, failed) => {
    const text = line(done, failed);
    if (tty) {
      write(`\r${text}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      write(`${text}\n`);
    }
  };
}
