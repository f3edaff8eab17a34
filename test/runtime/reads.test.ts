import { ExoParameters, SessionReply } from '../../lib/core/exo-model';
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { exchangeError, mergeAnswers, READ_CALLS, readKind } from '../../lib/runtime/reads';

describe('reads (decided here, run by the session)', () => {
  test('every read call is a catalogue read cmdlet with real parameter names', () => {
    for (const calls of Object.values(READ_CALLS)) {
      for (const c of calls) {
        const spec = EXO_CATALOGUE[c.cmdlet];
        expect(spec).toBeDefined();
        for (const p of Object.keys(c.parameters)) expect(Object.keys(spec.parameters)).toContain(p);
      }
    }
  });

  test('outbound connectors are read both ways and merged by Guid, so test-mode connectors are never missed', async () => {
    const calls: [string, ExoParameters][] = [];
    const answers: { [k: string]: object[] } = {
      false: [{ Guid: 'a', Name: 'Live' }],
      true: [{ Guid: 'b', Name: 'Trial', TestMode: true }, { Guid: 'A', Name: 'Live' }],
    };
    const read = async (cmdlet: string, parameters: ExoParameters): Promise<SessionReply> => {
      calls.push([cmdlet, parameters]);
      return { id: 1, ok: true, result: answers[String(parameters.IncludeTestModeConnectors)] as never };
    };
    const r = await readKind(read, 'OutboundConnector');
    expect(calls.map(([c, p]) => `${c} ${p.IncludeTestModeConnectors}`)).toEqual(['Get-OutboundConnector false', 'Get-OutboundConnector true']);
    expect(r.objects!.map((o) => o.Name)).toEqual(['Live', 'Trial']);
  });

  test('the first failed call is the failure', async () => {
    const r = await readKind(async () => ({ id: 1, ok: false, error: { type: 'X', message: 'denied' } }), 'TransportRule');
    expect(r).toMatchObject({ cmdlet: 'Get-TransportRule', failure: { error: { message: 'denied' } } });
  });

  test('mergeAnswers keeps the first of objects without Guid by Identity or Name', () => {
    expect(mergeAnswers([[{ Name: 'R' }], [{ Name: 'r' }, { Name: 'S' }]]).map((o) => o.Name)).toEqual(['R', 'S']);
  });

  test("Exchange's code|Type|message form is split into type and message; other errors pass unchanged", () => {
    expect(exchangeError({ type: 'RemoteException', message: 'ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn\'t be performed because object \'x\' couldn\'t be found.' })).toEqual({
      type: 'ManagementObjectNotFoundException',
      message: "The operation couldn't be performed because object 'x' couldn't be found.",
    });
    expect(exchangeError({ type: 'ParameterBindingException', message: "A parameter cannot be found that matches parameter name 'Foo'." })).toEqual({ type: 'ParameterBindingException', message: "A parameter cannot be found that matches parameter name 'Foo'." });
  });
});
