import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { textHash } from '../../lib/core/desired-state';
import { APP_ID_FROM_TERRAFORM, DOCUMENT_SCHEMA, DOCUMENTS_FOLDER } from '../../lib/core/exo-model';
import { main, removedTenants, stackDocuments } from '../../lib/runtime/exo-apply';

const APP = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';

/** A stack folder as synth writes it: the converge step's hash and input, and the document file. */
function stackWith(appIdInput: string, options: { state?: object; declaredApp?: boolean } = {}): { dir: string; file: string; hash: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-stackdocs-'));
  const doc = { schema: DOCUMENT_SCHEMA, tenant: { name: 'Contoso', tenantId: 't', initialDomain: 'contoso.onmicrosoft.com', managedDomains: [] }, access: { appId: options.declaredApp ? APP_ID_FROM_TERRAFORM : appIdInput, organization: 'contoso.onmicrosoft.com', certificateFile: '/run/${x}/a.pfx' }, marker: 'm', retired: false, adoptExisting: false, rulePlacement: 'Top', objects: [] };
  const text = JSON.stringify(doc, undefined, 2);
  const hash = textHash(text);
  fs.mkdirSync(path.join(dir, DOCUMENTS_FOLDER));
  const file = path.join(dir, DOCUMENTS_FOLDER, `${hash}.json`);
  fs.writeFileSync(file, text);
  const environment = { EXO_DOCUMENT_FILE: `${DOCUMENTS_FOLDER}/\${self.triggers_replace[0]}.json`, EXO_DOCUMENT_HASH: '${self.triggers_replace[0]}', ...(options.declaredApp ? { EXO_APP_ID: appIdInput } : {}) };
  const json = { resource: { terraform_data: { Contoso_Converge_1: { triggers_replace: [hash, 'tenant: Contoso (t)'], provisioner: [{ 'local-exec': { command: 'node "assets/x/exo-apply.js" converge', environment } }] } } } };
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
  if (options.state) fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(options.state));
  return { dir, file, hash };
}

describe('stackDocuments (what-if input)', () => {
  test('reads the document files of a stack folder as written, template text included', () => {
    const [d] = stackDocuments(stackWith(APP).dir);
    expect(d.access).toMatchObject({ appId: APP, certificateFile: '/run/${x}/a.pfx' });
  });

  test('resolves an app id the stack declares from the local state after an apply', () => {
    const state = { resources: [{ mode: 'managed', type: 'terraform_data', name: 'Contoso_ExchangeAccess_Ready_AB12', instances: [{ attributes: { input: { value: { app_id: 'aaaaaaaa-1111-4222-8333-444444444444' } }, output: { value: { app_id: 'aaaaaaaa-1111-4222-8333-444444444444' } } } }] }] };
    const [d] = stackDocuments(stackWith('${terraform_data.Contoso_ExchangeAccess_Ready_AB12.output.app_id}', { state, declaredApp: true }).dir);
    expect(d.access.appId).toBe('aaaaaaaa-1111-4222-8333-444444444444');
  });

  test('fails with the reason when the app id is not known yet', () => {
    expect(() => stackDocuments(stackWith('${terraform_data.Contoso_ExchangeAccess_Ready_AB12.input.appId}', { declaredApp: true }).dir)).toThrow(/is known only after the first apply/);
  });

  test('refuses a document edited after synth, naming both hashes', () => {
    const s = stackWith(APP);
    fs.writeFileSync(s.file, fs.readFileSync(s.file, 'utf8').replace('"retired": false', '"retired": true'));
    expect(() => stackDocuments(s.dir)).toThrow(new RegExp(`does not match the hash Terraform holds \\(${s.hash.slice(0, 12)}…, the file hashes to [0-9a-f]{12}…\\); it was changed after synth`));
  });
});

describe('converge reads its document file and checks it before connecting', () => {
  const run = async (env: NodeJS.ProcessEnv) => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((l) => errors.push(String(l)));
    // A target that cannot be opened: reaching it would fail differently than the document checks.
    const code = await main(['converge'], { EXO_GATEWAY_TARGET: 'nowhere', ...env }, () => undefined).finally(() => spy.mockRestore());
    return { code, errors: errors.join('\n') };
  };

  test('a tampered document is refused before any session is opened', async () => {
    const s = stackWith(APP);
    fs.writeFileSync(s.file, fs.readFileSync(s.file, 'utf8').replace('contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com'));
    const r = await run({ EXO_DOCUMENT_FILE: s.file, EXO_DOCUMENT_HASH: s.hash });
    expect(r.code).toBe(1);
    expect(r.errors).toMatch(/DocumentError: converge: the desired-state document .* does not match the hash Terraform holds/);
    expect(r.errors).not.toMatch(/nowhere/);
  });

  test('a missing document file or hash is a clear error', async () => {
    const s = stackWith(APP);
    expect((await run({ EXO_DOCUMENT_FILE: `${s.file}.gone`, EXO_DOCUMENT_HASH: s.hash })).errors).toMatch(/cannot be read \(ENOENT\); run Terraform in the synthesized stack folder/);
    expect((await run({ EXO_DOCUMENT_FILE: s.file })).errors).toMatch(/no document hash \(EXO_DOCUMENT_HASH\)/);
  });

  test('a declared app needs the app id Terraform passes', async () => {
    const s = stackWith('${terraform_data.x.output.app_id}', { declaredApp: true });
    expect((await run({ EXO_DOCUMENT_FILE: s.file, EXO_DOCUMENT_HASH: s.hash })).errors).toMatch(/Terraform passed no app id \(EXO_APP_ID\)/);
    // with it, the document passes its checks and the program goes on to choose the target
    expect((await run({ EXO_DOCUMENT_FILE: s.file, EXO_DOCUMENT_HASH: s.hash, EXO_APP_ID: APP })).errors).toMatch(/EXO_GATEWAY_TARGET='nowhere' is not known/);
  });
});

describe('the fleet registry\'s removed tenants', () => {
  const access = { appId: APP, certificateEnv: 'EXO_CERT' };

  test('each line of a group is a retired tenant with the group\'s access and its own organization', () => {
    const removed = removedTenants(JSON.stringify({ groups: [{ access: JSON.stringify(access), tenants: ['11111111-1111-4111-8111-111111111111|contoso.onmicrosoft.com|Contoso|West'] }], legacy: {} }));
    expect(removed).toEqual([
      expect.objectContaining({
        schema: DOCUMENT_SCHEMA,
        tenant: { name: 'Contoso|West', tenantId: '11111111-1111-4111-8111-111111111111', initialDomain: 'contoso.onmicrosoft.com', managedDomains: [] },
        access: { ...access, organization: 'contoso.onmicrosoft.com' },
        retired: true,
        objects: [],
      }),
    ]);
  });

  test('a registry written by an earlier version (whole documents by tenant id) is read as well', () => {
    const doc = { schema: DOCUMENT_SCHEMA, tenant: { name: 'Old', tenantId: 't', initialDomain: 'old.onmicrosoft.com', managedDomains: ['old.com'] }, access: { ...access, organization: 'old.onmicrosoft.com' }, marker: 'm', retired: true, adoptExisting: false, rulePlacement: 'Top', objects: [] };
    expect(removedTenants(JSON.stringify({ groups: [], legacy: { t: JSON.stringify(doc) } }))).toEqual([doc]);
  });

  test('anything else is a clear error', () => {
    expect(() => removedTenants('not json')).toThrow(/EXO_FLEET_REMOVED is not the fleet registry's JSON/);
  });
});

describe('what-if names a tenant of the stack or fails', () => {
  const run = async (args: string[]) => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((l) => errors.push(String(l)));
    // A target that cannot be opened: reaching it shows the tenant was taken up for planning.
    const code = await main(['what-if', ...args], { EXO_GATEWAY_TARGET: 'nowhere' }, () => undefined).finally(() => spy.mockRestore());
    return { code, errors: errors.join('\n') };
  };

  test('a tenant the stack does not declare exits 1 and names the tenants it has', async () => {
    const s = stackWith(APP);
    const r = await run([s.dir, 'Contosso']);
    expect(r.code).toBe(1);
    expect(r.errors).toContain(`the stack folder ${s.dir} declares no tenant 'Contosso'; its tenants are Contoso.`);
  });

  test('a declared tenant is planned', async () => {
    const r = await run([stackWith(APP).dir, 'Contoso']);
    expect(r.errors).toMatch(/EXO_GATEWAY_TARGET='nowhere' is not known/);
  });

  test('arguments after the tenant are refused', async () => {
    const r = await run([stackWith(APP).dir, 'Contoso', 'extra']);
    expect(r.code).toBe(1);
    expect(r.errors).toMatch(/what-if takes a stack folder and at most one tenant name, not also 'extra'; usage: exo-gateway what-if \[stack folder\] \[tenant\]/);
  });
});
