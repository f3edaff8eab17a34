/**
 * The validation rule pack. Codes are assigned once and never reused; the README's table of
 * codes lists the same entries (a test keeps them in step).
 */
import { Finding, FindingLevel, RuleDefinition } from '../findings';
import { AppCertificateExpiring, AppCertificatePublic, AppCertificateValid } from './access-app-certificate';
import { AccessDeclared } from './access-declared';
import { DirectoryProviderTenant } from './access-directory-tenant';
import { MultiTenantAppAudience } from './access-multi-org-app';
import { CbcNameOnMicrosoft } from './cbc-name-onmicrosoft';
import { CbcNameTenantDomain } from './cbc-name-tenant-domain';
import { CbcNameUnique } from './cbc-name-unique';
import { ValidationContext } from './context';
import { DomainNameFormat } from './domain-name-format';
import { ExchangeNameLimits } from './exchange-name-limits';
import { GatewayCertificateName } from './gateway-certificate-name';
import { GatewayCertificateOverlap } from './gateway-certificate-overlap';
import { GatewayFqdn } from './gateway-fqdn';
import { InitialDomain } from './initial-domain';
import { EnumValues, MarkerValues, NumericRanges } from './input-values';
import { ManagedDomainUnique } from './managed-domain-unique';
import { TenantHasDomain } from './tenant-has-domain';
import { TenantIdFormat } from './tenant-id-format';
import { TenantIdUnique } from './tenant-id-unique';
import { WildcardCbcName } from './wildcard-cbc-name';
import { CertificateChainComplete, CertificateRevocation, CertificateSelfSigned } from './certificate-chain';
import { CertificateClientAuth } from './certificate-client-auth';
import { CertificateCoversName } from './certificate-covers-name';
import { CertificateExpired, CertificateExpiring } from './certificate-expiry';
import { CertificateReadable } from './certificate-readable';
import { CertificateUnique } from './certificate-unique';
import { GATEWAY_DEPLOYMENT_RULES } from '../../gateways/rules';
import { ConnectorMatrixAllowed, ConnectorMatrixDiscouraged } from './connector-matrix-rules';
import { NoSpamProxyExternalCertificate, NoSpamProxyExternalCertificateDeclared } from './nospamproxy-client-certificate';
import { OnPremisesIpOnly } from './on-premises-ip-only';
import { ProductCbcName } from './product-cbc-name';
import { RouteAllDeadEnd } from './route-all-dead-end';
import { RoutingLoopException } from './routing-loop-exception';
import { SeppmailCloudDomain } from './seppmail-cloud-domain';
import { TenantPrerequisites } from './tenant-prerequisites';
import { VendorCertificateDomain } from './vendor-certificate-domain';

export { ValidationContext } from './context';

export const FLEET_RULES: readonly RuleDefinition<ValidationContext>[] = [
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
  ...GATEWAY_DEPLOYMENT_RULES,
  // gateway profiles: connector matrix, names, loops and attribution (CBC050-CBC069)
  ConnectorMatrixAllowed,
  ConnectorMatrixDiscouraged,
  ProductCbcName,
  RouteAllDeadEnd,
  RoutingLoopException,
  OnPremisesIpOnly,
  VendorCertificateDomain,
  TenantPrerequisites,
  NoSpamProxyExternalCertificate,
  NoSpamProxyExternalCertificateDeclared,
  SeppmailCloudDomain,
];

/** A code synth reports outside the rule pack; the README's table lists these too. */
export interface SynthCode {
  readonly code: string;
  readonly level: FindingLevel;
  readonly title: string;
  readonly explanation: string;
}

/** A rule threw: reported as an error on every stack, never a silent pass. */
export const RULE_FAILED: SynthCode = {
  code: 'CBC000',
  level: 'error',
  title: 'Every validation rule could be evaluated',
  explanation: 'A rule that throws has checked nothing; passing over it would synthesize a fleet nobody validated.',
};

/** A tenant's declaration changed between validation and synthesis (lib/constructs validation aspect). */
export const CHANGED_AFTER_VALIDATION: SynthCode = {
  code: 'CBC016',
  level: 'error',
  title: 'What is synthesized is what was validated: no tenant, domain or connector added or changed after validation (e.g. by an Aspect)',
  explanation: 'A domain added by an Aspect after the rules ran would be deployed unchecked, e.g. routed by two tenants.',
};

export const SYNTH_CODES: readonly SynthCode[] = [RULE_FAILED, CHANGED_AFTER_VALIDATION];

/**
 * Runs every rule and returns all findings at once. A rule that throws is reported as a
 * CBC000 error, never a silent pass.
 */
export function validateFleet(ctx: ValidationContext): Finding[] {
  const out: Finding[] = [];
  for (const rule of FLEET_RULES) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({ code: RULE_FAILED.code, level: 'error', path: '/', value: rule.code, message: `rule ${rule.code} could not be evaluated: ${(e as Error).message}`, fix: 'report this as a bug' });
    }
  }
  return out;
}
