/**
 * The records of the simulator's state folder (layout: store.ts): what a tenant is seeded with,
 * the stored state of one tenant, the session and call log lines, the latency settings, and the
 * organization as used in file names.
 */
import { ObservedObject } from '../../core/exo-model';

export const TENANT_FILE_SCHEMA = 'cdktf-exo-gateway/sim-tenant@1';

/** An accepted domain to seed; a plain string means an Authoritative domain. */
export interface AcceptedDomainSeed {
  readonly domainName: string;
  /** @default 'Authoritative' */
  readonly domainType?: 'Authoritative' | 'InternalRelay';
  /** Marks the tenant's default domain. @default - the initial (organization) domain is the default */
  readonly default?: boolean;
}

export interface TenantSeed {
  /** The tenant's initial `*.onmicrosoft.com` domain: what `-Organization` names. Always an accepted domain. */
  readonly organization: string;
  /** Entra tenant id (GUID) the session reports in its hello. */
  readonly tenantId: string;
  /** Further accepted domains (verified mail domains of the tenant). */
  readonly acceptedDomains: readonly (string | AcceptedDomainSeed)[];
  /** App ids allowed to connect (consented + role assigned). @default - any app id may connect */
  readonly appIds?: readonly string[];
  /**
   * Simulate a service offering where inbound connectors are "created in a disabled state"
   * (exchange-online.md §2.5): New-InboundConnector warns and stores Enabled $false, and
   * Set-InboundConnector -Enabled $true fails. @default false
   */
  readonly restrictedInboundConnectors?: boolean;
}

/** The stored state of one tenant. Rules are kept in priority order (index = Priority). */
export interface TenantState {
  schema: string;
  organization: string;
  tenantId: string;
  appIds?: string[];
  restrictedInboundConnectors?: boolean;
  AcceptedDomain: ObservedObject[];
  InboundConnector: ObservedObject[];
  OutboundConnector: ObservedObject[];
  TransportRule: ObservedObject[];
}

export interface SessionLogEntry {
  readonly time: string;
  readonly organization: string;
  readonly tenantId: string | null;
  readonly pid: number;
  readonly ok: boolean;
}

export interface CallLogEntry {
  readonly time: string;
  readonly organization: string;
  readonly cmdlet: string;
  readonly parameterNames: string[];
  readonly ok: boolean;
}

/** Latency the simulated sessions add (see session.ts for the precedence of env over file). */
export interface LatencySettings {
  readonly connectDelayMs?: number;
  readonly cmdletDelayMs?: number;
}

/** The organization as used in file names: lower case, and only characters a domain can hold. */
export function organizationKey(organization: string): string {
  const key = organization.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(key) || key.includes('..')) {
    throw new Error(`Not a valid organization (domain) name: '${organization}'.`);
  }
  return key;
}
