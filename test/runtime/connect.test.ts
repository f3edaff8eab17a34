import { SessionHello } from '../../lib/core/exo-model';
import { connectRetry, DEFAULT_CONNECT_RETRY, LIKELY_CONNECT_CAUSE, openWithRetry } from '../../lib/runtime/connect';
import { ExchangeSession } from '../../lib/runtime/session-client';
import { tenantDocument } from '../../lib/profiles';
import { tenant } from '../helpers/fleet-fixtures';

const doc = tenantDocument(tenant('Contoso'));

function opener(hellos: SessionHello[]) {
  let closed = 0;
  const opened: number[] = [];
  const open = async (): Promise<ExchangeSession> => {
    opened.push(opened.length + 1);
    const hello = hellos[Math.min(opened.length - 1, hellos.length - 1)];
    return { hello, read: async () => ({ id: 0, ok: true, result: [] }), invoke: async () => ({ id: 0, ok: true }), close: async () => void closed++ };
  };
  return { open, opened, closed: () => closed };
}

const failed: SessionHello = { type: 'fatal', error: { type: 'ConnectFailed', message: "Connect-ExchangeOnline failed for organization 'contoso.onmicrosoft.com': AADSTS700016" } };
const ready: SessionHello = { type: 'ready', tenantId: doc.tenant.tenantId };

describe('openWithRetry (the connect retry policy, decided in TypeScript)', () => {
  test('tries again after a failed connect with the backoff, and returns the session that connects', async () => {
    const o = opener([failed, failed, ready]);
    const waited: number[] = [];
    const lines: string[] = [];
    const s = await openWithRetry(o.open, doc, DEFAULT_CONNECT_RETRY, (l) => lines.push(l), async (sec) => void waited.push(sec));
    expect(s.hello).toEqual(ready);
    expect(o.opened).toHaveLength(3);
    expect(o.closed()).toBe(2);
    expect(waited).toEqual([10, 20]);
    expect(lines[0]).toBe("[Contoso] connect attempt 1 of 5 failed: Connect-ExchangeOnline failed for organization 'contoso.onmicrosoft.com': AADSTS700016; trying again in 10 s");
  });

  test('gives up after the last attempt, saying how many and the likely cause', async () => {
    const o = opener([failed]);
    const waited: number[] = [];
    const s = await openWithRetry(o.open, doc, { attempts: 3, backoffSeconds: [1] }, () => undefined, async (sec) => void waited.push(sec));
    expect(o.opened).toHaveLength(3);
    expect(waited).toEqual([1, 1]);
    expect(s.hello.error!.message).toBe(`${failed.error!.message} (3 attempts) ${LIKELY_CONNECT_CAUSE}`);
  });

  test('does not retry what a retry cannot fix (configuration, missing module)', async () => {
    const o = opener([{ type: 'fatal', error: { type: 'ConfigurationError', message: 'no certificate' } }]);
    const s = await openWithRetry(o.open, doc, DEFAULT_CONNECT_RETRY, () => undefined, async () => undefined);
    expect(o.opened).toHaveLength(1);
    expect(s.hello.error!.message).toBe('no certificate');
  });

  test('the policy comes from the environment, falling back to the default on nonsense', () => {
    expect(connectRetry({})).toEqual(DEFAULT_CONNECT_RETRY);
    expect(connectRetry({ EXO_GATEWAY_CONNECT_ATTEMPTS: '2', EXO_GATEWAY_CONNECT_BACKOFF_SECONDS: '0,5' })).toEqual({ attempts: 2, backoffSeconds: [0, 5] });
    expect(connectRetry({ EXO_GATEWAY_CONNECT_ATTEMPTS: 'many', EXO_GATEWAY_CONNECT_BACKOFF_SECONDS: 'x' })).toEqual(DEFAULT_CONNECT_RETRY);
  });
});
