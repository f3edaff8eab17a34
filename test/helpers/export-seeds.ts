/**
 * Tenants of the simulated Exchange Online configured the ways `exo-gateway export` meets them:
 * by SEPPmail's own modules (their names, their parameters, no marker), by hand in the admin
 * center (ConnectorSource AdminUI, names of the admin's choosing), in a layout export does not
 * support, and with an IP-based gateway connector from before certificates.
 */
import { DesiredObject, ExoParameters, MANAGED_MARKER } from '../../lib/core/exo-model';
import { ExoSimBackend } from '../../lib/runtime/simulator/backend';
import { SimulatorStore } from '../../lib/runtime/simulator/store';

export const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';

/** A seeded tenant. */
export interface SeededTenant {
  readonly name: string;
  readonly tenantId: string;
  readonly organization: string;
  readonly domains: string[];
}

export function tenantOf(name: string, n: number, domains: string[]): SeededTenant {
  const lower = name.toLowerCase();
  return { name, tenantId: `5e1a0000-0000-4000-8000-${String(n).padStart(12, '0')}`, organization: `${lower}.onmicrosoft.com`, domains };
}

function invoke(backend: ExoSimBackend, organization: string, cmdlet: string, parameters: ExoParameters): void {
  backend.invoke(organization, cmdlet, parameters);
}

const MODULE_STAMP = '#Created with SEPPmail365 PowerShell Module version 1.3.0 on 2025-10-24';
const CRYPTO = ['application/x-pkcs7-mime', 'application/pkcs7-mime', 'application/x-pkcs7-signature', 'application/pkcs7-signature', 'multipart/signed', 'application/pgp-signature', 'multipart/encrypted', 'application/pgp-encrypted', 'application/octet-stream'];
const TAGS = ['[signed OK]', '[secure]', '[secured by HIN]', '[signed invalid]', '[not secured by HIN]'];

/**
 * SEPPmail365 1.3.0 as `New-SM365Connectors -SEPPmailFQDN <fqdn> -TLSCertificateName <tls>
 * -CBCcertName <cbc>` then `New-SM365Rules -SEPPmailDomain <domains>` run it (shared reference
 * seppmail365.md §2.1 and §3.1): outbound connector first, then inbound; rules 050-600 created
 * disabled (the module's default), routing scoped by excluding the other accepted domains. No
 * marker anywhere.
 */
export function seedSeppmailModule(store: SimulatorStore, t: SeededTenant, o: { fqdn: string; tls: string; cbc: string; managed: string[] }): void {
  store.seedTenant({ organization: t.organization, tenantId: t.tenantId, acceptedDomains: t.domains });
  const backend = new ExoSimBackend(store);
  const org = t.organization;
  const outbound = '[SEPPmail] ExchangeOnline -> Appliance';
  invoke(backend, org, 'New-OutboundConnector', {
    Name: outbound,
    Comment: `Based on rules, E-Mails that have not been processed by SEPPmail appliance are routed there.\n${MODULE_STAMP}`,
    ConnectorSource: 'Default', ConnectorType: 'OnPremises', IsTransportRuleScoped: true, CloudServicesMailEnabled: false,
    SmartHosts: [o.fqdn], TlsDomain: o.tls, TlsSettings: 'DomainValidation', UseMXRecord: false,
  });
  invoke(backend, org, 'New-InboundConnector', {
    Name: '[SEPPmail] Appliance -> ExchangeOnline',
    Comment: `Accept E-Mails from SEPPmail Appliance\n${MODULE_STAMP}`,
    CloudServicesMailEnabled: false, ConnectorSource: 'Default', ConnectorType: 'OnPremises', Enabled: true,
    EFSkipLastIP: true, RequireTls: true, SenderDomains: ['*'], TlsSenderCertificateName: o.cbc,
  });
  const excluded = t.domains.filter((d) => !o.managed.includes(d));
  const except = excluded.length ? excluded : undefined;
  const common = { SetAuditSeverity: 'Low', Mode: 'Enforce', Enabled: false, Comments: `Created by New-SM365Rules\n${MODULE_STAMP}` };
  const inbound = (name: string, extra: ExoParameters, scoped: boolean): ExoParameters => ({
    Name: name, ...common, FromScope: 'NotInOrganization', SentToScope: 'InOrganization',
    ExceptIfHeaderMatchesMessageHeader: 'X-SM-internal', ExceptIfHeaderMatchesPatterns: ['yes'],
    ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming', ExceptIfHeaderContainsWords: ['yes'], ExceptIfSCLOver: 5,
    ...(scoped && except ? { ExceptIfRecipientDomainIs: except } : {}),
    RouteMessageOutboundConnector: outbound, SetHeaderName: 'X-SM-maildirection', SetHeaderValue: 'inbound',
    SenderAddressLocation: 'HeaderOrEnvelope', StopRuleProcessing: true, ...extra,
  });
  const rules: ExoParameters[] = [
    { Name: '[SEPPmail] - 050 on SPF fail - no SEPPmail', ...common, FromScope: 'NotInOrganization', SentToScope: 'InOrganization', HeaderContainsMessageHeader: 'Authentication-Results', HeaderContainsWords: ['spf=fail'], SetHeaderName: 'X-SM-internal', SetHeaderValue: 'yes', SenderAddressLocation: 'Header' },
    inbound('[SEPPmail] - 100 Route incoming e-mails to SEPPmail', { HeaderContainsMessageHeader: 'content-type', HeaderContainsWords: CRYPTO }, true),
    inbound('[SEPPmail] - 110 Route incoming PGP e-mails to SEPPmail', { SubjectOrBodyContainsWords: ['-----BEGIN PGP'] }, false),
    inbound('[SEPPmail] - 120 Route incoming tagged e-mails to SEPPmail', { SubjectOrBodyContainsWords: TAGS }, false),
    {
      Name: '[SEPPmail] - 200 Route outgoing e-mails to SEPPmail', ...common, FromScope: 'InOrganization', SentToScope: 'NotInOrganization',
      ExceptIfHeaderMatchesMessageHeader: 'X-SM-internal', ExceptIfHeaderMatchesPatterns: ['yes'], ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing', ExceptIfHeaderContainsWords: ['yes'],
      ExceptIfMessageTypeMatches: 'OOF', ExceptIfSCLOver: 9, ...(except ? { ExceptIfSenderDomainIs: except } : {}),
      RouteMessageOutboundConnector: outbound, SetHeaderName: 'X-SM-maildirection', SetHeaderValue: 'outbound', SenderAddressLocation: 'Header',
    },
    ...[['300', 'decrypted'], ['400', 'encrypted'], ['500', 'outgoing'], ['600', 'smarthost']].map(([n, h]) => ({ Name: `[SEPPmail] - ${n} Clean outbound SEPPmail header ${h}`, ...common, FromScope: 'InOrganization', SentToScope: 'NotInOrganization', RemoveHeader: `X-SM-${h}` })),
  ];
  rules.forEach((r, i) => invoke(backend, org, 'New-TransportRule', { ...r, Priority: i }));
}

/**
 * NoSpamProxy connected by hand in the admin center, as its manual describes (lib/profiles/
 * nospamproxy.ts: "Connector Office 365 -> Partner, Adressraum *, Smarthost, TLS mit Name
 * absichern"): names of the admin's choosing, ConnectorSource AdminUI, no transport rule; plus a
 * disclaimer rule of the tenant's own.
 */
export function seedHandMadeNoSpamProxy(store: SimulatorStore, t: SeededTenant, o: { fqdn: string; cbc: string }): void {
  store.seedTenant({ organization: t.organization, tenantId: t.tenantId, acceptedDomains: t.domains });
  store.putForeignObject(t.organization, 'InboundConnector', {
    Name: 'From NoSpamProxy', Comment: 'set up by hand', ConnectorType: 'Partner', SenderDomains: ['smtp:*;1'], RequireTls: true,
    TlsSenderCertificateName: o.cbc, RestrictDomainsToCertificate: true, EFSkipLastIP: true,
  });
  store.putForeignObject(t.organization, 'OutboundConnector', {
    Name: 'To NoSpamProxy', ConnectorType: 'Partner', RecipientDomains: ['*'], SmartHosts: [o.fqdn], UseMXRecord: false, TlsSettings: 'DomainValidation', TlsDomain: o.fqdn,
  });
  store.putForeignObject(t.organization, 'TransportRule', { Name: 'Company disclaimer', FromScope: 'InOrganization', ApplyHtmlDisclaimerText: 'Confidential', ApplyHtmlDisclaimerFallbackAction: 'Wrap' });
}

/**
 * A layout export does not support: mail routed through an on-premises Exchange by the hybrid
 * wizard (ConnectorSource HybridWizard, its `Inbound from` / `Outbound to` names) and a second,
 * unrelated pair of connectors to a partner, none with a product's names, hosts or headers.
 */
export function seedUnsupported(store: SimulatorStore, t: SeededTenant): void {
  store.seedTenant({ organization: t.organization, tenantId: t.tenantId, acceptedDomains: t.domains });
  store.putForeignObject(t.organization, 'InboundConnector', { Name: 'Inbound from 6a1f2b3c-0000-4000-8000-000000000001', ConnectorSource: 'HybridWizard', ConnectorType: 'OnPremises', SenderDomains: ['smtp:*;1'], TlsSenderCertificateName: 'mail.onprem.example' });
  store.putForeignObject(t.organization, 'OutboundConnector', { Name: 'Outbound to 6a1f2b3c-0000-4000-8000-000000000001', ConnectorSource: 'HybridWizard', ConnectorType: 'OnPremises', RecipientDomains: ['onprem.example'], SmartHosts: ['mail.onprem.example'], TlsSettings: 'DomainValidation', TlsDomain: 'mail.onprem.example', UseMXRecord: false });
  store.putForeignObject(t.organization, 'InboundConnector', { Name: 'Partner A in', ConnectorType: 'Partner', SenderDomains: ['smtp:partner-a.example;1'], SenderIPAddresses: ['198.51.100.10'] });
  store.putForeignObject(t.organization, 'InboundConnector', { Name: 'Partner B in', ConnectorType: 'Partner', SenderDomains: ['smtp:partner-b.example;1'], RequireTls: true, TlsSenderCertificateName: 'mx.partner-b.example' });
  store.putForeignObject(t.organization, 'OutboundConnector', { Name: 'Partner A out', ConnectorType: 'Partner', RecipientDomains: ['partner-a.example'], SmartHosts: ['mx.partner-a.example'], UseMXRecord: false });
}

/**
 * SEPPmail.cloud parallel as SEPPmail365cloud before 1.2.6 set it up (seppmail365.md §2.2,
 * history): the inbound connector admits the region's addresses (SenderIPAddresses) and names no
 * certificate; connectors only.
 */
export function seedIpBasedCloud(store: SimulatorStore, t: SeededTenant): void {
  store.seedTenant({ organization: t.organization, tenantId: t.tenantId, acceptedDomains: t.domains });
  const backend = new ExoSimBackend(store);
  const host = `${t.domains[0].replace(/\./g, '-')}.mail.seppmail.cloud`;
  invoke(backend, t.organization, 'New-OutboundConnector', {
    Name: '[SEPPmail.cloud] Outbound-Parallel', Comment: 'Route outgoing E-Mails based on transport rules to SEPPmail.cloud', ConnectorSource: 'Default', ConnectorType: 'OnPremises',
    CloudServicesMailEnabled: false, IsTransportRuleScoped: true, SmartHosts: [host], TlsSettings: 'DomainValidation', TlsDomain: '*.ch.seppmail.cloud', UseMXRecord: false,
  });
  invoke(backend, t.organization, 'New-InboundConnector', {
    Name: '[SEPPmail.cloud] Inbound-Parallel', Comment: 'Accept E-Mails from SEPPmail.cloud host.', CloudServicesMailEnabled: false, ConnectorSource: 'Default', ConnectorType: 'OnPremises', Enabled: true,
    RequireTls: true, RestrictDomainsToIPAddresses: true, EFSkipLastIP: true, SenderDomains: ['*'], SenderIPAddresses: ['86.119.9.0/29', '86.119.57.0/29', '217.20.196.64/27'],
  });
}

/** The tenant list export reads, for these tenants (profile hints by tenant name). */
export function tenantListYaml(tenants: readonly SeededTenant[], certEnv: string, profiles: { [name: string]: string } = {}): string {
  return [
    'version: 1',
    'defaults:',
    `  access: { appId: ${APP_ID}, certificateEnv: ${certEnv} }`,
    'tenants:',
    ...tenants.flatMap((t) => [`  ${t.name}:`, `    tenantId: ${t.tenantId}`, `    initialDomain: ${t.organization}`, ...(profiles[t.name] ? [`    profile: ${profiles[t.name]}`] : [])]),
  ].join('\n') + '\n';
}

/**
 * A custom layout made by hand: the objects `objects` (a custom profile's, as synth declares them
 * for this tenant) created in the admin center, so without the managed marker and with
 * ConnectorSource AdminUI; `extra` adds parameters by object name (values the custom profile
 * cannot express); then a disclaimer rule of the tenant's own.
 */
export function seedHandMadeCustom(store: SimulatorStore, t: SeededTenant, objects: readonly DesiredObject[], extra: { [name: string]: ExoParameters } = {}): void {
  store.seedTenant({ organization: t.organization, tenantId: t.tenantId, acceptedDomains: t.domains });
  const backend = new ExoSimBackend(store);
  for (const o of objects) {
    const p: ExoParameters = { ...o.parameters, ...(extra[o.name] ?? {}) };
    for (const c of ['Comment', 'Comments']) if (typeof p[c] === 'string') p[c] = (p[c] as string).split(MANAGED_MARKER)[0].trim();
    invoke(backend, t.organization, `New-${o.kind}`, p);
    // The admin center marks what it makes; no cmdlet takes this value.
    if (o.kind !== 'TransportRule') store.editObject(t.organization, o.kind, o.name, { ConnectorSource: 'AdminUI' });
  }
  store.putForeignObject(t.organization, 'TransportRule', { Name: 'Company disclaimer', FromScope: 'InOrganization', ApplyHtmlDisclaimerText: 'Confidential', ApplyHtmlDisclaimerFallbackAction: 'Wrap' });
}
