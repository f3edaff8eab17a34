import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GatewayProduct } from '../core/enums';
import { ExchangeTransport } from './exchange-transport';
import { loadCertificate, nodeTrustedRoots, parsePemCertificates } from '../core/certificates';
import { CertificatePolicy, DEFAULTS, DeclaredCertificate, GatewayMarkers, GatewayModel, SEPPMAIL_MARKERS } from '../core/fleet';
import { buildGatewayDocument, gatewayEnvelope } from '../gateways/document';
import { GatewayDeployment } from '../gateways/deployment';
import { SEPPMAIL_REST_KIND } from '../gateways/seppmail-rest/types';
import { certificateChecklist, isSeppmailRestDocument, seppmailRestDocument } from '../gateways/seppmail-rest/document';
import { AnyGatewayDeploymentSpec, AnyGatewayDocument } from '../gateways/types';
import { CertificateSource } from './certificate-source';
import { TenantModelSource } from './private/fleet-collector';
import { addCertificateChecklist, addGatewayDeployment, GatewayDeploymentResources } from './private/gateway-deployment';
import { profileTraits } from '../profiles/traits';
import { GatewayProfile } from './gateway-profile';
import { addFtapiTlsPolicyChecklist } from './private/ftapi-checklist';
import { checkValidated } from './private/validation-aspect';
import { GatewayProfileModels, gatewayNames, gatewayProfileModels } from './private/gateway-profile-models';
import { ERRORS, libraryError } from '../core/errors';

/** Context key that fixes the time certificates are judged at (ISO 8601); for tests and reproducible synths. */
export const CERTIFICATE_CHECK_TIME_CONTEXT = 'cdktf-exo-gateway:certificateCheckTime';

export { GatewayProduct } from '../core/enums';

/** A header the gateway stamps on mail it has processed, and the value that marks it. */
export interface MarkerHeader {
  /** Header name, e.g. `X-SM-incoming`. */
  readonly name: string;
  /**
   * Header value that marks processed mail.
   * @default 'yes'
   */
  readonly value?: string;
}

/** The loop-prevention headers the gateway stamps; routing rules except mail that carries them. */
export interface GatewayMarkerHeaders {
  /**
   * Stamped on mail the gateway returns inbound.
   * @default - X-SM-incoming: yes (SEPPmail)
   */
  readonly incoming?: MarkerHeader;
  /**
   * Stamped on mail the gateway returns outbound.
   * @default - X-SM-outgoing: yes (SEPPmail)
   */
  readonly outgoing?: MarkerHeader;
  /**
   * Stamped on mail that must not be routed to the gateway at all.
   * @default - X-SM-internal: yes (SEPPmail)
   */
  readonly internal?: MarkerHeader;
  /**
   * Header the routing rules set to tell the gateway the direction (`inbound`/`outbound`).
   * @default 'X-SM-maildirection'
   */
  readonly directionHeader?: string;
  /**
   * Gateway-internal headers removed from mail that leaves the organization (one rule each).
   * @default - X-SM-decrypted, X-SM-encrypted, X-SM-outgoing, X-SM-smarthost
   */
  readonly cleanOutboundHeaders?: string[];
}

/** Properties of a {@link MailGateway}. */
export interface MailGatewayProps {
  /**
   * The gateway product and its settings (`GatewayProfile.seppmailAppliance()`,
   * `GatewayProfile.seppmailCloud({...})`, ...); decides the Exchange Online layout.
   */
  readonly profile: GatewayProfile;
  /**
   * Public DNS host name of the gateway: the smart host Exchange Online delivers to. IP addresses
   * are not supported. Required for every profile except SEPPmail.cloud, whose smart hosts are
   * derived per tenant (`<domain-dashed>.mail|relay.seppmail.cloud`).
   * @default - SEPPmail.cloud only: `mail.seppmail.cloud` (parallel) or `relay.seppmail.cloud` (inline)
   */
  readonly fqdn?: string;
  /**
   * Name on the gateway's own TLS certificate (its CN or a SAN); becomes the outbound
   * connector's `TlsDomain` with `TlsSettings DomainValidation`. Must cover `fqdn`.
   * @default - the fqdn
   */
  readonly tlsCertificateName?: string;
  /**
   * The marker headers the gateway stamps.
   * @default - SEPPmail's X-SM-* headers
   */
  readonly markerHeaders?: GatewayMarkerHeaders;
  /**
   * The gateway's own TLS certificate as a file, inspected at synth (name, expiry, chain,
   * revocation information).
   * @default - name only: only the name rules apply
   */
  readonly tlsCertificate?: CertificateSource;
  /**
   * Warn when a certificate of this gateway or of its tenants expires within this many days
   * (synth fails within 7 days).
   * @default 30
   */
  readonly certificateExpiryWarningDays?: number;
  /**
   * A PEM file of extra trusted root certificates for chain checks, in addition to Node's
   * bundled public roots.
   * @default - Node's bundled public roots only
   */
  readonly trustedRootsPemFile?: string;
  /**
   * How the apply step reaches the Exchange Online of every tenant of this gateway that does not
   * choose for itself (`TenantGatewayProps.transport`).
   * @default ExchangeTransport.POWERSHELL
   */
  readonly transport?: ExchangeTransport;
}

/**
 * The secure e-mail gateway shared by many tenants. Declare it once and pass it to every
 * {@link TenantGateway} it serves.
 */
export class MailGateway extends Construct {
  /** The gateway product. */
  public readonly product: GatewayProduct;
  /** Public DNS host name of the gateway, in normal form: lower case, no trailing dot, `xn--` labels. */
  public readonly fqdn: string;
  /** Name on the gateway's own TLS certificate, in normal form (see `fqdn`). */
  public readonly tlsCertificateName: string;
  private readonly markers: GatewayMarkers;
  private readonly tlsCertificate?: CertificateSource;
  private readonly expiryWarningDays: number;
  private readonly trustedRootsPemFile?: string;
  private roots?: X509Certificate[];
  private tlsCertificateLoad?: DeclaredCertificate;
  private readonly deployment?: GatewayDeployment;
  private readonly deploymentResources?: GatewayDeploymentResources;
  private readonly tenants: TenantModelSource[] = [];
  private readonly profile: GatewayProfileModels;
  /** How the apply step reaches Exchange Online for tenants that do not choose for themselves. */
  public readonly transport: ExchangeTransport;

  constructor(scope: Construct, id: string, props: MailGatewayProps) {
    super(scope, id);
    this.transport = props.transport ?? ExchangeTransport.POWERSHELL;
    this.tlsCertificate = props.tlsCertificate;
    this.expiryWarningDays = props.certificateExpiryWarningDays ?? DEFAULTS.expiryWarningDays;
    this.trustedRootsPemFile = props.trustedRootsPemFile ? path.resolve(props.trustedRootsPemFile) : undefined;
    const profile = props.profile._settings();
    this.product = profile.product;
    const names = gatewayNames(this.node.path, profile, props);
    this.fqdn = names.fqdn;
    this.tlsCertificateName = names.tlsCertificateName;
    this.profile = gatewayProfileModels(`MailGateway at ${this.node.path}`, this.fqdn, profile);
    if (this.product === GatewayProduct.FTAPI) addFtapiTlsPolicyChecklist(this, () => this.tenants);
    const m = props.markerHeaders ?? {};
    const header = (h: MarkerHeader | undefined, d: { name: string; value: string }) => (h ? { name: h.name, value: h.value ?? 'yes' } : d);
    this.markers = {
      incoming: header(m.incoming, SEPPMAIL_MARKERS.incoming),
      outgoing: header(m.outgoing, SEPPMAIL_MARKERS.outgoing),
      internal: header(m.internal, SEPPMAIL_MARKERS.internal),
      direction: m.directionHeader ?? SEPPMAIL_MARKERS.direction,
      cleanOutbound: [...(m.cleanOutboundHeaders ?? SEPPMAIL_MARKERS.cleanOutbound)],
    };
    if (profile.deployment) {
      this.deployment = profile.deployment;
      this.deploymentResources = addGatewayDeployment(this, profile.deployment._spec(), () => {
        for (const t of this.tenants) checkValidated(t, t._toModel());
        return this._gatewayDocument();
      });
      if (profile.deployment._spec().kind === SEPPMAIL_REST_KIND) {
        const checklist = () => {
          const doc = this._gatewayDocument();
          return isSeppmailRestDocument(doc) ? certificateChecklist(doc) : [];
        };
        addCertificateChecklist(this, checklist, (name) => this.tenants.find((t) => t.node.id === name));
      }
    }
  }

  /**
   * @internal Registers a tenant served by this gateway; returns the gateway's deployment
   * resources (its Converge depends on the sync, its Teardown on the gateway teardown), if any.
   */
  public _registerTenant(tenant: TenantModelSource): GatewayDeploymentResources | undefined {
    if (this.deploymentResources && TerraformStack.of(tenant) !== TerraformStack.of(this)) {
      throw libraryError(ERRORS.TENANT_OUTSIDE_DEPLOYMENT_STACK, `TenantGateway at ${tenant.node.path}: its gateway ${this.node.path} has a deployment and is in the stack ${TerraformStack.of(this).node.path}; declare the tenant in that stack too (the gateway's configuration is synced per stack).`);
    }
    this.tenants.push(tenant);
    return this.deploymentResources;
  }

  /** @internal The gateway document the apply step deploys (only with a deployment). */
  public _gatewayDocument(): AnyGatewayDocument {
    if (!this.deployment) throw libraryError(ERRORS.INTERNAL, `MailGateway at ${this.node.path} has no deployment`);
    const spec = this.deployment._spec();
    const models = this.tenants.map((t) => t._toModel());
    const mxHosts: { [tenantPath: string]: string } = {};
    for (const t of this.tenants) {
      const host = (t as TenantModelSource & { _exoMxHost?: () => string | undefined })._exoMxHost?.();
      if (host) mxHosts[t.node.path] = host;
    }
    if (spec.kind !== SEPPMAIL_REST_KIND) return buildGatewayDocument(this.node.id, this._toModel(), spec, models, mxHosts);
    // the common envelope and tenant entries, then SEPPmail's own fields
    return seppmailRestDocument(gatewayEnvelope(this.node.id, this._toModel(), models, mxHosts), spec, models, this.node.path);
  }

  /** @internal The product settings of this gateway (no certificate is read). */
  public _profileModels(): GatewayProfileModels {
    return this.profile;
  }

  /** @internal The plain-data model of this gateway. */
  public _toModel(): GatewayModel {
    return {
      path: this.node.path,
      product: this.product,
      traits: profileTraits(this.product),
      fqdn: this.fqdn,
      tlsCertificateName: this.tlsCertificateName,
      markers: this.markers,
      tlsCertificate: this._inspect(this.tlsCertificate, 'gateway'),
      certificatePolicy: this._certificatePolicy(),
      ...deploymentFields(this.deployment?._spec()),
      ...this.profile,
    };
  }

  /** @internal How certificates of this gateway and its tenants are judged. */
  public _certificatePolicy(): CertificatePolicy {
    const fixed = this.node.tryGetContext(CERTIFICATE_CHECK_TIME_CONTEXT);
    return { expiryWarningDays: this.expiryWarningDays, expiryErrorDays: DEFAULTS.expiryErrorDays, at: fixed ? new Date(fixed).toISOString() : SYNTH_TIME };
  }

  /**
   * @internal Loads and inspects a certificate source once per owner (synth reads files only
   * here; passwords come from the environment and stay in memory).
   */
  public _inspect(source: CertificateSource | undefined, owner: string): DeclaredCertificate | undefined {
    if (!source) return undefined;
    const ref = source._reference();
    if (ref.kind === 'name') return { reference: ref, load: {} };
    if (owner === 'gateway' && this.tlsCertificateLoad) return this.tlsCertificateLoad;
    if (!this.roots) {
      this.roots = [...nodeTrustedRoots()];
      if (this.trustedRootsPemFile) {
        if (!fs.existsSync(this.trustedRootsPemFile)) {
          throw libraryError(ERRORS.TRUSTED_ROOTS_MISSING, `MailGateway at ${this.node.path}: trustedRootsPemFile ${this.trustedRootsPemFile} does not exist. Give a PEM file of root certificates.`);
        }
        this.roots.push(...parsePemCertificates(fs.readFileSync(this.trustedRootsPemFile, 'utf8')));
      }
    }
    const result: DeclaredCertificate = { reference: ref, load: loadCertificate(ref, process.env, this.roots, new Date(this._certificatePolicy().at)) };
    if (owner === 'gateway') this.tlsCertificateLoad = result;
    return result;
  }
}

/** The deployment in the gateway model: the Postfix kinds as `deployment`, SEPPmail's REST API as `seppmailRest`. */
function deploymentFields(spec: AnyGatewayDeploymentSpec | undefined): Pick<GatewayModel, 'deployment' | 'seppmailRest'> {
  if (!spec) return {};
  return spec.kind === SEPPMAIL_REST_KIND ? { seppmailRest: spec } : { deployment: spec };
}

/** One judging time for the whole synth, so all findings agree. */
const SYNTH_TIME = new Date().toISOString();
