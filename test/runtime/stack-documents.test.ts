import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCUMENT_SCHEMA } from '../../lib/core/exo-model';
import { stackDocuments } from '../../lib/runtime/exo-apply';

function stackWith(appId: string, state?: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-stackdocs-'));
  const doc = JSON.stringify({ schema: DOCUMENT_SCHEMA, tenant: { name: 'Contoso', tenantId: 't', initialDomain: 'contoso.onmicrosoft.com', managedDomains: [] }, access: { appId, organization: 'contoso.onmicrosoft.com', certificateFile: '/run/$${x}/a.pfx' }, marker: 'm', retired: false, adoptExisting: false, rulePlacement: 'Top', objects: [] });
  const json = { resource: { terraform_data: { Contoso_Converge_1: { input: { document: doc }, provisioner: [{ 'local-exec': { command: 'node "assets/x/exo-apply.js" converge' } }] } } } };
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
  if (state) fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
  return dir;
}

describe('stackDocuments (what-if input)', () => {
  test('reads the documents of a stack folder and unescapes literal template text', () => {
    const [d] = stackDocuments(stackWith('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21'));
    expect(d.access).toMatchObject({ appId: '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', certificateFile: '/run/${x}/a.pfx' });
  });

  test('resolves an app id the stack declares from the local state after an apply', () => {
    const state = { resources: [{ mode: 'managed', type: 'terraform_data', name: 'Contoso_ExchangeAccess_Ready_AB12', instances: [{ attributes: { input: { value: { app_id: 'aaaaaaaa-1111-4222-8333-444444444444' } }, output: { value: { app_id: 'aaaaaaaa-1111-4222-8333-444444444444' } } } }] }] };
    const [d] = stackDocuments(stackWith('${terraform_data.Contoso_ExchangeAccess_Ready_AB12.output.app_id}', state));
    expect(d.access.appId).toBe('aaaaaaaa-1111-4222-8333-444444444444');
  });

  test('fails with the reason when the app id is not known yet', () => {
    expect(() => stackDocuments(stackWith('${terraform_data.Contoso_ExchangeAccess_Ready_AB12.input.appId}'))).toThrow(/is known only after the first apply/);
  });
});
