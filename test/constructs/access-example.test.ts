/**
 * examples/msp-with-entra-app synthesizes without findings, with one provider per tenant and
 * each tenant's apply steps tied to its own access only. Its certificate is generated here.
 */
import * as fs from 'node:fs';
import { Testing } from 'cdktf';
import { EntraAppMspStack, MSP_TENANT_ID, PIPELINE_CLIENT_ID } from '../../examples/msp-with-entra-app/stack';
import { resourceOf, synthWithAnnotations } from '../helpers/synth';
import { makeTestCertificates, TestCertificates } from './access-certificates';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => {
  fs.rmSync(certs.dir, { recursive: true, force: true });
});

function synth() {
  const app = Testing.app();
  const stack = new EntraAppMspStack(app, 'msp-with-entra-app', { publicCertificateFile: certs.valid });
  return synthWithAnnotations(stack);
}

describe('examples/msp-with-entra-app', () => {
  test('synthesizes without errors or warnings', () => {
    const { errors, warnings } = synth();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('one azuread provider per tenant: the MSP\'s, Contoso\'s and Tailspin\'s from the fleet settings, Fabrikam\'s own', () => {
    const { json } = synth();
    const providers = json.provider.azuread.map((p: any) => [p.alias, p.tenant_id, p.client_id, p.use_oidc]);
    expect(providers.sort()).toEqual([
      ['exo_gateway_5d2c1b0a_9f8e_4d7c_8b6a_5f4e3d2c1b00', MSP_TENANT_ID, PIPELINE_CLIENT_ID, true],
      ['exo_gateway_6f1d7c52_2b8e_4c1a_9f3e_1a2b3c4d5e01', '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', PIPELINE_CLIENT_ID, true],
      ['exo_gateway_9e8d7c6b_5a4f_4e3d_b2c1_a0f9e8d7c603', '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603', PIPELINE_CLIENT_ID, true],
      ['fabrikam', '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', PIPELINE_CLIENT_ID, true],
    ]);
    expect(Object.keys(json.resource.azuread_application).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual(['Automation_Application', 'Tailspin_ExchangeApp_Application']);
    expect(Object.keys(json.resource.azuread_directory_role_assignment).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual(['Contoso_ExchangeAccess_ExchangeAdministrator', 'Tailspin_ExchangeAccess_ExchangeAdministrator']);
  });

  test.each(['Contoso', 'Fabrikam', 'Tailspin'])('%s converges after its own access only', (tenant) => {
    const { json } = synth();
    const deps: string[] = resourceOf(json, `${tenant}_Converge`).depends_on;
    expect(deps[0]).toMatch(new RegExp(`^terraform_data\\.${tenant}_Teardown_`));
    expect(deps.some((d) => d.startsWith(`azuread_app_role_assignment.${tenant}_ExchangeAccess_ManageAsAppConsent_`))).toBe(true);
    for (const d of deps.slice(1)) expect(d).toMatch(new RegExp(`\\.(${tenant}_|Automation_Certificate_)`));
  });
});
