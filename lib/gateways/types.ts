/**
 * The gateway document: what the apply step needs to configure the gateway itself (as opposed
 * to Exchange Online). Plain JSON, written into the stack by synth and read by the apply-time
 * program. It holds references to certificate files and to the environment variables that hold
 * their passwords, never key material or passwords.
 *
 * No cdktf import: plain data shared by synth (lib/constructs), the validation rules and the
 * apply-time program (lib/runtime).
 */

import type { SeppmailRestDocument, SeppmailRestSpec } from './seppmail-rest/types';

declare module '../core/fleet' {
  /** The deployments of lib/gateways, carried on the gateway model. */
  interface GatewayModelExtensions {
    /** How the library deploys the tenants' certificates to the gateway itself; undefined: it does not. */
    readonly deployment?: GatewayDeploymentSpec;
    /** The gateway's SEPPmail REST deployment (SeppmailApplianceDeployment.restApi); undefined: none. */
    readonly seppmailRest?: SeppmailRestSpec;
  }
}

/** Identifies the gateway document format. */
export const GATEWAY_DOCUMENT_SCHEMA = 'cdktf-exo-gateway/gateway-document@1';

/** Postfix lookup table types the library can write (`postconf -m` lists what a build supports). */
export const POSTFIX_TABLE_TYPES = ['hash', 'btree', 'lmdb', 'cdb'] as const;
export type PostfixTableType = (typeof POSTFIX_TABLE_TYPES)[number];

/** Postfix files written on the runner, for configuration management to place on the gateway. */
export interface PostfixFilesSpec {
  readonly kind: 'postfix-files';
  /** Absolute folder on the runner the files are written to. */
  readonly outputDir: string;
  /** Absolute folder on the gateway where the files will live; the rendered configuration names it. */
  readonly gatewayDir: string;
  readonly tableType: PostfixTableType;
  /** Absolute path on the gateway of a PEM file of CAs that verify Exchange Online's server certificate (tenant transports only). */
  readonly exoCaFile?: string;
}

/** A Postfix instance on the runner's host, configured and reloaded by the apply step. */
export interface PostfixHostSpec {
  readonly kind: 'postfix-host';
  /** The instance's configuration folder (main.cf, master.cf), e.g. /etc/postfix. */
  readonly configDir: string;
  /** When set, the apply step refuses an instance whose queue_directory differs. */
  readonly queueDir?: string;
  /** The `postfix` command; `postconf` and `postmap` are taken from the same folder. */
  readonly postfixCommand: string;
  /** Reload (or start) the instance after a change. */
  readonly reload: boolean;
  readonly tableType: PostfixTableType;
  /** Absolute path of a PEM file of CAs that verify Exchange Online's server certificate (tenant transports only). */
  readonly exoCaFile?: string;
}

/** How the tenants' certificates and routing reach the gateway. */
export type GatewayDeploymentSpec = PostfixFilesSpec | PostfixHostSpec;

/**
 * Every deployment kind: the Postfix ones above ({@link GatewayDocument}), and the SEPPmail
 * appliance through its REST API ({@link SeppmailRestDocument}, lib/gateways/seppmail-rest).
 */
export type AnyGatewayDeploymentSpec = GatewayDeploymentSpec | SeppmailRestSpec;

/** Where a tenant's certificate (and its key) is on the runner: references only. */
export interface GatewayCertificateRef {
  readonly kind: 'pem' | 'pfx' | 'name';
  /** PEM (leaf, then intermediates) or PFX file. */
  readonly file?: string;
  /** PEM private key file (with `kind: 'pem'`). */
  readonly keyFile?: string;
  /** Name of the environment variable holding the PFX password. */
  readonly passwordEnv?: string;
  /**
   * SHA-256 fingerprint of the leaf as inspected at synth (public information). A renewed
   * certificate at the same path changes the document, so the gateway is synced again; the
   * apply step refuses a file whose leaf differs from the one synth checked.
   */
  readonly fingerprint?: string;
}

/** One tenant served by the gateway. */
export interface GatewayTenant {
  /** Construct id of the tenant. */
  readonly name: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  /** Lower case, in declaration order. */
  readonly managedDomains: string[];
  /**
   * The host the gateway relays the tenant's mail to: the tenant's `exoMxHost` when declared,
   * else `<first domain, dots as dashes>.mail.protection.outlook.com`.
   */
  readonly exoMxHost: string;
  readonly certificate: GatewayCertificateRef;
}

/** The gateway document, one per gateway with a deployment. */
export interface GatewayDocument {
  readonly schema: string;
  readonly gateway: {
    /** Construct id of the MailGateway. */
    readonly name: string;
    readonly fqdn: string;
    readonly product: string;
    readonly tlsCertificateName: string;
  };
  readonly deployment: GatewayDeploymentSpec;
  /** Every declared tenant, sorted by name (retired tenants too, until their declaration is deleted). */
  readonly tenants: GatewayTenant[];
}

/** The gateway document of any deployment kind (the same envelope; adapters pick theirs by `deployment.kind`). */
export type AnyGatewayDocument = GatewayDocument | SeppmailRestDocument;
