/**
 * Shared fixtures of the access tests (test/constructs/access*.test.ts): two customer tenants,
 * a stack with a gateway and tenant/automation-app builders, throw-away certificates, and
 * readers of the synthesized JSON.
 */
import { TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  ExchangeAccess,
  ExchangeAutomationApp,
  ExchangeAutomationAppProps,
  GatewayProfile,
  MailGateway,
  RunnerCertificate,
  TenantGateway,
} from '../../lib';
import { makeTestCertificates, TestCertificates } from './access-certificates';
import { convergeDocument, resourceOf } from '../helpers/synth';
import * as fs from 'node:fs';

export const HOME = '5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b00';
export const CONTOSO = { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbc: 'seppmail.contoso.com', domain: 'contoso.com' };
export const FABRIKAM = { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbc: 'seppmail.fabrikam.com', domain: 'fabrikam.com' };
export type TenantSpec = typeof CONTOSO;

export const alias = (tenantId: string) => `exo_gateway_${tenantId.replace(/-/g, '_')}`;
export const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
export const EXCHANGE_ADMIN_TEMPLATE = '29232cdf-9323-42fd-ade2-1d097af3e4de';

export let certs: TestCertificates;

/** Makes the throw-away certificates before the file's tests and removes them after. */
export function useTestCertificates(): void {
  beforeAll(() => {
    certs = makeTestCertificates();
  });
  afterAll(() => {
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });
}

export function setup() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'msp');
  const gateway = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', tlsCertificateName: '*.provider.example' });
  const tenant = (spec: TenantSpec, access: ExchangeAccess, scope: TerraformStack = stack) => {
    const t = new TenantGateway(scope, spec.id, { gateway, tenantId: spec.tenantId, initialDomain: spec.initialDomain, cbcCertificateName: spec.cbc, access });
    t.addManagedDomain('D', { domain: spec.domain });
    return t;
  };
  const automation = (props: Partial<ExchangeAutomationAppProps> = {}) => new ExchangeAutomationApp(stack, 'Automation', {
    tenantId: HOME,
    publicCertificateFile: certs.valid,
    runnerCertificate: RunnerCertificate.fromEnvironment('EXO_APP_CERT_PFX_B64'),
    ...props,
  });
  return { app, stack, gateway, tenant, automation };
}

/** The one resource of `type` whose name starts with `prefix_`, as [name, body]. */
export function one(json: any, type: string, prefix: string, section = 'resource'): [string, any] {
  const entries = Object.entries(json[section]?.[type] ?? {}).filter(([k]) => k.startsWith(`${prefix}_`));
  if (entries.length !== 1) throw new Error(`expected one ${type} ${prefix}_*, found ${entries.map(([k]) => k).join(', ') || 'none'}`);
  return entries[0] as [string, any];
}

export function count(json: any, type: string, section = 'resource'): number {
  return Object.keys(json[section]?.[type] ?? {}).length;
}

export function doc(json: any, tenant: string, step = 'Converge') {
  return step === 'Converge' ? convergeDocument(json, tenant) : JSON.parse(resourceOf(json, `${tenant}_${step}`).input);
}

export function infos(stack: TerraformStack): string[] {
  return (stack.node.findAll() as IConstruct[]).flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => `[${c.node.path}] ${m.data}`));
}

export function codes(messages: string[]): string[] {
  return [...new Set(messages.map((m) => /\] (CBC\d{3}):/.exec(m)?.[1]).filter((c): c is string => !!c))].sort();
}
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
