/**
 * Shared state and functions of the simulator tests (test/runtime/simulator-*.test.ts): two seeded
 * tenants in a fresh store per test, the backend on it, and the gateway's connector parameters.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExoParameters, ObservedObject } from '../../lib/core/exo-model';
import { ExoSimBackend, ExoSimError, SimulatorStore } from '../../lib/runtime/simulator';

export const REPO = path.resolve(__dirname, '..', '..');
export const STAND_IN_BIN = path.join(REPO, 'test', 'helpers', 'bin');

export const CONTOSO = 'contoso.onmicrosoft.com';
export const CONTOSO_TENANT_ID = '0b3e4c53-1f1a-4c2e-9d0b-5c1e2a9f7a11';
export const FABRIKAM = 'fabrikam.onmicrosoft.com';
export const FABRIKAM_TENANT_ID = '7d9f1e2a-3b4c-4d5e-8f60-718293a4b5c6';
export const GATEWAY_APP_ID = '5a0b1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d';

export let stateDir: string;
export let store: SimulatorStore;
export let backend: ExoSimBackend;

/** Registers the per-test state: a fresh store with Contoso and Fabrikam, and its backend. */
export function useSimulatorState(): void {
  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-test-'));
    store = new SimulatorStore(stateDir);
    store.seedTenant({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, acceptedDomains: ['contoso.com', 'mail.contoso.com'] });
    store.seedTenant({ organization: FABRIKAM, tenantId: FABRIKAM_TENANT_ID, acceptedDomains: ['fabrikam.com'], appIds: [GATEWAY_APP_ID] });
    backend = new ExoSimBackend(store);
  });

  afterEach(() => {
    fs.rmSync(stateDir, { recursive: true, force: true });
  });
}

export function invoke(cmdlet: string, parameters: ExoParameters, organization = CONTOSO) {
  return backend.invoke(organization, cmdlet, parameters);
}

export function created(cmdlet: string, parameters: ExoParameters, organization = CONTOSO): ObservedObject {
  return invoke(cmdlet, parameters, organization).result as ObservedObject;
}

/** Runs `action`, expects it to throw `errorClass` with Exchange's `type` and exactly `message`. */
export function expectExoError(action: () => unknown, errorClass: new (...args: never[]) => ExoSimError, type: string, message: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(errorClass);
  expect((thrown as ExoSimError).type).toBe(type);
  expect((thrown as ExoSimError).message).toBe(message);
}

export function find(kind: 'InboundConnector' | 'OutboundConnector' | 'TransportRule', name: string, organization = CONTOSO): ObservedObject | undefined {
  return backend.get(organization, kind).find((object) => object.Name === name);
}

export function ruleOrder(organization = CONTOSO): string[] {
  return backend.get(organization, 'TransportRule').map((rule) => `${String(rule.Priority)}:${String(rule.Name)}`);
}

export const GATEWAY_INBOUND: ExoParameters = {
  Name: 'Gateway -> EXO',
  ConnectorType: 'OnPremises',
  SenderDomains: ['*'],
  TlsSenderCertificateName: 'mail.contoso.com',
  RequireTls: true,
  RestrictDomainsToCertificate: true,
  Comment: '#managed-by:cdktf-exo-gateway',
};

export const GATEWAY_OUTBOUND: ExoParameters = {
  Name: 'EXO -> Gateway',
  ConnectorType: 'Partner',
  UseMXRecord: false,
  SmartHosts: ['gw.example.net'],
  TlsSettings: 'DomainValidation',
  TlsDomain: 'gw.example.net',
  IsTransportRuleScoped: true,
};
