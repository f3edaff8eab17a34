/**
 * The rules that know only the fleet model (no gateway deployment or product profile code):
 * names, domains, certificates, access, and the Exchange objects every profile emits. The full
 * rule pack, these plus the gateway and profile rules, is assembled outside core (lib/rules).
 * Codes are assigned once and never reused.
 */
import { RULE_FAILED, RuleDefinition, RuleInfo } from '../findings';
import { AppCertificateExpiring } from './access-app-certificate-expiring';
import { AppCertificatePublic } from './access-app-certificate-public';
import { AppCertificateValid } from './access-app-certificate-valid';
import { AccessDeclared } from './access-declared';
import { DirectoryProviderTenant } from './access-directory-tenant';
import { MultiTenantAppAudience } from './access-multi-org-app';
import { CbcNameOnMicrosoft } from './cbc-name-onmicrosoft';
import { CbcNameTenantDomain } from './cbc-name-tenant-domain';
import { CbcNameUnique } from './cbc-name-unique';
import { CertificateChainComplete } from './certificate-chain';
import { CertificateClientAuth } from './certificate-client-auth';
import { CertificateCoversName } from './certificate-covers-name';
import { CertificateExpired } from './certificate-expired';
import { CertificateExpiring } from './certificate-expiring';
import { CertificateReadable } from './certificate-readable';
import { CertificateRevocation } from './certificate-revocation';
import { CertificateSelfSigned } from './certificate-self-signed';
import { CertificateUnique } from './certificate-unique';
import { ConnectorMatrixAllowed } from './connector-matrix-allowed';
import { ConnectorMatrixDiscouraged } from './connector-matrix-discouraged';
import { ValidationContext } from './context';
import { DomainNameFormat } from './domain-name-format';
import { EnumValues } from './enum-values';
import { ExchangeNameLimits } from './exchange-name-limits';
import { GatewayCertificateName } from './gateway-certificate-name';
import { GatewayCertificateOverlap } from './gateway-certificate-overlap';
import { GatewayFqdn } from './gateway-fqdn';
import { InitialDomain } from './initial-domain';
import { ManagedDomainUnique } from './managed-domain-unique';
import { MarkerValues } from './marker-values';
import { NumericRanges } from './numeric-ranges';
import { OnPremisesIpOnly } from './on-premises-ip-only';
import { ProductCbcName } from './product-cbc-name';
import { RouteAllDeadEnd } from './route-all-dead-end';
import { RoutingLoopException } from './routing-loop-exception';
import { TenantHasDomain } from './tenant-has-domain';
import { TenantIdFormat } from './tenant-id-format';
import { TenantIdUnique } from './tenant-id-unique';
import { VendorCertificateDomain } from './vendor-certificate-domain';
import { WildcardCbcName } from './wildcard-cbc-name';

export { ValidationContext } from './context';
export { RULE_FAILED } from '../findings';

/** Names, domains, tenants, access and certificates (CBC001-CBC028, CBC040-CBC044). */
export const FLEET_MODEL_RULES: readonly RuleDefinition<ValidationContext>[] = [
  GatewayFqdn,
  GatewayCertificateName,
  ManagedDomainUnique,
  CbcNameUnique,
  CbcNameTenantDomain,
  TenantIdFormat,
  DomainNameFormat,
  TenantHasDomain,
  ExchangeNameLimits,
  InitialDomain,
  AccessDeclared,
  AppCertificatePublic,
  AppCertificateValid,
  DirectoryProviderTenant,
  MultiTenantAppAudience,
  AppCertificateExpiring,
  TenantIdUnique,
  WildcardCbcName,
  CbcNameOnMicrosoft,
  GatewayCertificateOverlap,
  EnumValues,
  NumericRanges,
  MarkerValues,
  CertificateReadable,
  CertificateCoversName,
  CertificateExpired,
  CertificateExpiring,
  CertificateSelfSigned,
  CertificateChainComplete,
  CertificateRevocation,
  CertificateClientAuth,
  CertificateUnique,
];

/**
 * The Exchange objects profiles emit: connector matrix, names, loops and attribution (CBC050-CBC056;
 * the rules of one product's profile are in lib/profiles/rules).
 */
export const PROFILE_OBJECT_RULES: readonly RuleDefinition<ValidationContext>[] = [
  ConnectorMatrixAllowed,
  ConnectorMatrixDiscouraged,
  ProductCbcName,
  RouteAllDeadEnd,
  RoutingLoopException,
  OnPremisesIpOnly,
  VendorCertificateDomain,
];

/** A tenant's declaration changed between validation and synthesis (lib/constructs validation aspect). */
export const CHANGED_AFTER_VALIDATION: RuleInfo = {
  code: 'CBC016',
  level: 'error',
  title: 'What is synthesized is what was validated: no tenant, domain or connector added or changed after validation (e.g. by an Aspect)',
  explanation: 'A domain added by an Aspect after the rules ran would be deployed unchecked, e.g. routed by two tenants.',
};

/** FleetShards refuses a shard count or a pinned shard it cannot honour, where it is declared. */
export const SHARD_OUT_OF_RANGE: RuleInfo = {
  code: 'CBC070',
  level: 'error',
  title: 'FleetShards has 1 to 1000 shards, and a pinned tenant is pinned to one of them',
  explanation: 'A tenant assigned to a shard that does not exist would be synthesized into no stack, and its mail flow never converged.',
};

/** Codes synth reports outside the rules; the registry and docs/RULES.md list them too. */
export const SYNTH_CODES: readonly RuleInfo[] = [RULE_FAILED, CHANGED_AFTER_VALIDATION, SHARD_OUT_OF_RANGE];
