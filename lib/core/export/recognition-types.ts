/**
 * The data of `exo-gateway export`'s recognition (recognise.ts): what was read from one tenant,
 * the gateway and tenant entries of the fleet file export writes, and what it did not map. Plain
 * types, no logic.
 */
import { CustomProfileFields } from '../custom-profile-model';
import { ObservedState } from '../exo-model';
import { ExportLayout, ExportProfile, ObjectRef } from './layouts';

/** What export read from one tenant. */
export interface ExportTenantInput {
  /** The tenant's name in the fleet file. */
  readonly name: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  /** The tenant's accepted domains (Get-AcceptedDomain DomainName). */
  readonly acceptedDomains: readonly string[];
  readonly observed: ObservedState;
  /**
   * The product of the tenant's gateway, when the tenant list names it: objects made by hand in
   * the admin center carry no product's names, so only this says which profile they belong to.
   */
  readonly profile?: ExportProfile;
}

/** A gateway entry of the fleet file, as export writes it. */
export interface ExportedGateway {
  readonly profile: ExportLayout;
  readonly fqdn?: string;
  readonly tlsCertificateName?: string;
  readonly seppmailCloud?: { readonly region: string; readonly routing: 'parallel' | 'inline'; readonly inboundOnly?: boolean };
  readonly noSpamProxy?: { readonly outboundRouting?: 'address-space' | 'transport-rule'; readonly enhancedFilteringSkipIps?: string[]; readonly restrictToCertificate?: boolean };
  readonly ftapi?: { readonly domainValidation?: boolean; readonly receivedHeaderMarker?: string };
  /** For profile custom: the options of GatewayProfile.custom that rebuild the layout read back (not in the YAML: built in code). */
  readonly customProfile?: CustomProfileFields;
}

/** The tenant fields of a fleet-file entry export writes (access is the tenant list's). */
export interface ExportedTenant {
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly domains: string[];
  readonly cbcCertificateName?: string;
  readonly adoptExisting: true;
  readonly connector?: {
    readonly rulesEnabled?: boolean;
    readonly rulePlacement?: 'Top' | 'Bottom';
    readonly cryptoContentOnly?: boolean;
    readonly inboundConnectorName?: string;
    readonly outboundConnectorName?: string;
  };
}

/** An object export did not map, and why. */
export interface UnmappedObject extends ObjectRef {
  readonly reason: string;
}

/** What export recognised in one tenant. */
export interface Recognition {
  readonly tenant: string;
  /** The layout found; undefined when none is supported. */
  readonly layout?: ExportLayout;
  /** Why no entry is written (a layout export does not support, or a custom one). */
  readonly unsupported?: string;
  readonly gateway?: ExportedGateway;
  readonly entry?: ExportedTenant;
  /** Objects of the layout the entry declares or that belong to it. */
  readonly mapped: ObjectRef[];
  readonly unmapped: UnmappedObject[];
  /** What a reviewer should know about the entry (an IP-based connector, disabled rules, …). */
  readonly notes: string[];
}
