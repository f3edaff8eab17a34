import { Construct } from 'constructs';
import { registryAccess, registryLine, teardownDocument, tenantSummary, textHash } from '../core/desired-state';
import { tenantReportEntry } from '../core/report-entry';
import { DOCUMENTS_FOLDER, ExchangeAccessReference } from '../core/exo-model';
import { DEFAULTS, TenantModel } from '../core/fleet';
import { derivedCbcCertificateName, releaseDesiredObjects, tenantDocument } from '../profiles';
import { DeclaredCertificate } from '../core/fleet';
import { checkExoMxHost } from '../gateways/document';
import { normalName } from '../core/idn';
import { CbcConnector, CbcConnectorOptions } from './cbc-connector';
import { CertificateSource } from './certificate-source';
import { accessDependencies, accessTokens, bindAccess, ExchangeAccessBinding, finishAccessDocument } from './azuread-binding';
import { ExchangeAccess } from './exchange-access';
import { ExchangeTransport } from './exchange-transport';
import { MailGateway } from './mail-gateway';
import { ManagedDomain, ManagedDomainOptions } from './managed-domain';
import { FleetRegistry } from './private/fleet-registry';
import { TENANT_BRAND } from './private/fleet-collector';
import { runtimeCommand } from './private/runtime-asset';
import { PerSynth } from './private/per-synth';
import { TenantRender } from './private/tenant-render';
import { ScriptResource } from './private/script-resource';
import { ensureFindingsSummary } from './private/findings-summary';
import { ensureValidation, validatedModel } from './private/validation-aspect';
import { ITenantGateway } from './tenant-gateway-base';
import { terraformLiteral } from '../core/terraform-literal';
import { ERRORS, libraryError } from '../core/errors';


/** Properties of a {@link TenantGateway}. */
export interface TenantGatewayProps {
  /** The gateway that serves this tenant. */
  readonly gateway: MailGateway;
  /** Entra tenant id (GUID). The apply step refuses to change a tenant whose id differs. */
  readonly tenantId: string;
  /** The tenant's initial domain, e.g. `contoso.onmicrosoft.com` (`-Organization` when connecting). */
  readonly initialDomain: string;
  /**
   * Name on the certificate the gateway presents to this tenant (CN or SAN): the inbound
   * connector's `TlsSenderCertificateName`. One per tenant, a domain of this tenant, shared by
   * all its managed domains, and never covering another tenant's name. Required for every
   * product except SEPPMAIL_CLOUD, which presents its own `<tenant id>.<region>.seppmail.cloud`
   * (a different declared name is finding CBC052).
   * @default - SEPPMAIL_CLOUD only: `<tenant id>.<region>.seppmail.cloud`
   */
  readonly cbcCertificateName?: string;
  /**
   * The tenant's CBC certificate as a file, inspected at synth: it must cover
   * `cbcCertificateName`, be in date, chain to a trusted root, carry revocation information and
   * the clientAuth usage, and differ from every other tenant's certificate.
   * @default - name only: only the name rules apply
   */
  readonly cbcCertificate?: CertificateSource;
  /**
   * The Exchange Online host a gateway with a deployment (Postfix) relays this tenant's mail to:
   * the MX target the admin center shows for the tenant's first managed domain. Set it for
   * domains provisioned under Microsoft's newer namespace (`contoso-com.<zone>.mx.microsoft`,
   * every accepted domain added since mid-2025), or to an IPv4 address of a relay or stand-in in
   * front of Exchange Online. The server must still present a certificate under
   * `.mail.protection.outlook.com` (or, for an mx.microsoft host, under `.mx.microsoft`).
   * @default - `<first managed domain, dots as dashes>.mail.protection.outlook.com`
   */
  readonly exoMxHost?: string;
  /**
   * How the apply step reaches this tenant's Exchange Online (app-only, certificate on the runner):
   * `ExchangeAccess.multiTenantApp()` or `.appPerTenant()` declare the access with the azuread
   * provider, `.certificateFile()` / `.certificateFromEnvironment()` use an app you set up yourself.
   */
  readonly access: ExchangeAccess;
  /**
   * How the apply step reaches this tenant's Exchange Online.
   * @default - the gateway's `transport` (ExchangeTransport.POWERSHELL unless set there)
   */
  readonly transport?: ExchangeTransport;
  /**
   * Retire the tenant: the next apply removes every object this library created there and
   * creates none. Deploy once with `retired: true`, then delete the declaration.
   * @default false
   */
  readonly retired?: boolean;
  /**
   * Take over existing objects whose names match the declared ones but carry no marker (e.g.
   * created by the SEPPmail365 module); they are updated in place and marked. Without this, such
   * an object stops the apply of this tenant before any change.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * One Microsoft 365 tenant served by the gateway through a certificate-based connector pair.
 *
 * Synthesizes, per tenant, two built-in `terraform_data` resources: `Converge`, whose trigger is
 * the content hash of the tenant's desired state (an apply with no change runs nothing; a change
 * runs this tenant only), and `Teardown`, whose trigger never changes with the desired state and
 * whose destroy-time provisioner removes what the library created. Both run the package's
 * apply-time program, shipped next to the stack as an asset.
 */
export class TenantGateway extends Construct implements ITenantGateway {
  /** Entra tenant id. */
  public readonly tenantId: string;
  /** The tenant's initial domain, in normal form: lower case, no trailing dot, `xn--` labels. */
  public readonly initialDomain: string;
  /** Name on the certificate the gateway presents to this tenant, in normal form (see `initialDomain`). */
  public readonly cbcCertificateName: string;
  /** The gateway serving this tenant. */
  public readonly gateway: MailGateway;
  private readonly accessBinding?: ExchangeAccessBinding;
  private readonly retired: boolean;
  private readonly transport?: ExchangeTransport;
  private readonly adoptExisting: boolean;
  private readonly domains: ManagedDomain[] = [];
  private connector?: CbcConnector;
  private readonly cbcCertificate?: CertificateSource;
  private cbcCertificateLoad?: DeclaredCertificate;
  private readonly exoMxHostOverride?: string;
  private readonly derivedCbcName?: string;
  private readonly declaredCbcName?: string;
  private readonly rendered: PerSynth<TenantRender>;

  constructor(scope: Construct, id: string, props: TenantGatewayProps) {
    super(scope, id);
    Reflect.set(this, TENANT_BRAND, true);
    this.gateway = props.gateway;
    this.tenantId = props.tenantId;
    this.initialDomain = normalName(props.initialDomain);
    this.derivedCbcName = derivedCbcCertificateName({ product: this.gateway.product, seppmailCloud: this.gateway._profileModels().seppmailCloud }, props.tenantId);
    if (this.derivedCbcName === undefined && !props.cbcCertificateName) {
      throw libraryError(ERRORS.CBC_NAME_REQUIRED, `TenantGateway at ${this.node.path}: cbcCertificateName is required for a ${this.gateway.product} gateway. Set it to the name on the certificate the gateway presents to this tenant, e.g. mail.<one of its domains>.`);
    }
    if (this.derivedCbcName !== undefined && props.cbcCertificate) {
      throw libraryError(ERRORS.CBC_CERTIFICATE_NOT_USED, `TenantGateway at ${this.node.path}: cbcCertificate is set, but the ${this.gateway.product} gateway presents its own certificate (${this.derivedCbcName}). Leave cbcCertificate out.`);
    }
    // Names enter the model in their normal form: lower case, no trailing dot, xn-- labels.
    this.declaredCbcName = props.cbcCertificateName === undefined ? undefined : normalName(props.cbcCertificateName);
    this.cbcCertificateName = this.derivedCbcName ?? this.declaredCbcName!;
    this.cbcCertificate = props.cbcCertificate;
    this.exoMxHostOverride = props.exoMxHost === undefined ? undefined : checkExoMxHost(normalName(props.exoMxHost), `TenantGateway at ${this.node.path}`);
    this.accessBinding = bindAccess(this, props.access);
    this.retired = props.retired ?? DEFAULTS.retired;
    this.transport = props.transport;
    this.adoptExisting = props.adoptExisting ?? DEFAULTS.adoptExisting;
    ensureValidation(this);
    ensureFindingsSummary(this);

    const key = this.tenantId.toLowerCase();
    this.rendered = new PerSynth(this, () => this.render());
    const accessDependsOn = accessDependencies(this.accessBinding);
    const gatewayDeployment = this.gateway._registerTenant(this);

    // Teardown: a stable trigger (the tenant id) and, in its input, only what teardown needs.
    const teardown = new ScriptResource(this, 'Teardown', {
      triggersReplace: key,
      input: () => this.rendered.get().teardownJson,
      whilePreparing: { input: () => accessTokens(this.accessBinding) },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: runtimeCommand(this, 'teardown'),
          environment: { EXO_DOCUMENT: '${self.input}' },
        },
      ],
      dependsOn: accessDependsOn.length > 0 || gatewayDeployment ? [...accessDependsOn, ...(gatewayDeployment ? [gatewayDeployment.teardown] : [])] : undefined,
    });

    // Converge: the trigger is the document's hash followed by a short summary, so a plan says
    // what changes for the tenant; the document itself is a file of the stack folder named by
    // that hash, which the program checks before use. No input: nothing is kept twice in the state.
    new ScriptResource(this, 'Converge', {
      triggersReplace: () => this.rendered.get().trigger,
      whilePreparing: { triggersReplace: () => [] },
      provisioners: [
        {
          type: 'local-exec',
          command: runtimeCommand(this, 'converge'),
          environment: {
            EXO_DOCUMENT_FILE: `${DOCUMENTS_FOLDER}/\${self.triggers_replace[0]}.json`,
            EXO_DOCUMENT_HASH: '${self.triggers_replace[0]}',
            ...(this.accessBinding?.appIdExpression ? { EXO_APP_ID: this.accessBinding.appIdExpression } : {}),
          },
        },
      ],
      dependsOn: [teardown, ...accessDependsOn, ...(gatewayDeployment ? [gatewayDeployment.sync] : [])],
    });

    FleetRegistry.of(this).register({
      key,
      registryLine: () => this.rendered.get().registryLine,
      registryAccess: () => this.rendered.get().registryAccess,
      documentFile: () => this.takeDocumentFile(),
      reportEntry: () => this.rendered.get().reportEntry,
    });
  }

  /** Adds a mail domain of this tenant, routed through the gateway. */
  public addManagedDomain(id: string, options: ManagedDomainOptions): ManagedDomain {
    return new ManagedDomain(this, id, { ...options, tenant: this });
  }

  /** Declares this tenant's connector pair with options; without it the defaults apply. */
  public addCbcConnector(id: string, options: CbcConnectorOptions = {}): CbcConnector {
    return new CbcConnector(this, id, { ...options, tenant: this });
  }

  /** The managed domains declared for this tenant. */
  public get managedDomains(): string[] {
    return this.domains.map((d) => d.domain);
  }

  /** @internal */
  public _registerDomain(domain: ManagedDomain): void {
    this.domains.push(domain);
  }

  /** @internal */
  public _registerConnector(connector: CbcConnector): void {
    if (this.connector) {
      throw libraryError(ERRORS.SECOND_CONNECTOR, `TenantGateway at ${this.node.path} already has the CbcConnector ${this.connector.node.path}; a tenant has exactly one connector pair. Put all options into that one.`);
    }
    this.connector = connector;
  }

  /** @internal The declared Exchange Online MX host, if any (the gateway document's `exoMxHost`). */
  public _exoMxHost(): string | undefined {
    return this.exoMxHostOverride;
  }

  /** @internal The plain-data model of this tenant. */
  public _toModel(): TenantModel {
    return {
      path: this.node.path,
      name: this.node.id,
      tenantId: this.tenantId,
      initialDomain: this.initialDomain,
      cbcCertificateName: this.cbcCertificateName,
      ...(this.derivedCbcName !== undefined && this.declaredCbcName !== undefined ? { declaredCbcCertificateName: this.declaredCbcName } : {}),
      cbcCertificate: this.inspectCertificate(),
      access: this.accessReference(),
      directoryAccess: this.accessBinding?.model,
      retired: this.retired,
      adoptExisting: this.adoptExisting,
      gateway: this.gateway._toModel(),
      domains: this.domains.map((d) => d._toModel()),
      connector: this.connector?._toModel(),
    };
  }

  /** The access section of the document; `transport` only when it is not the default PowerShell session. */
  private accessReference(): ExchangeAccessReference | undefined {
    const reference = this.accessBinding?.reference(this.initialDomain);
    const transport = this.transport ?? this.gateway.transport;
    return reference && transport === ExchangeTransport.ADMIN_API ? { ...reference, transport: 'adminApi' } : reference;
  }

  /** The desired state of this tenant as JSON text, exactly as written into the stack folder. */
  public renderDesiredState(): string {
    return this.rendered.get().documentText ?? this.render().documentText;
  }

  /** The document's file for the stack folder. Nothing else needs the text in this synth, so it is let go. */
  private takeDocumentFile(): { name: string; text: string } {
    const rendered = this.rendered.get();
    const text = this.renderDesiredState();
    rendered.documentText = undefined;
    return { name: `${rendered.hash}.json`, text };
  }

  /** The model the fleet rules validated in this synth (CBC016 if a part was added since), else built now. */
  private synthesizedModel(): TenantModel {
    const parts = [this.node.path, ...this.domains.map((d) => d.node.path), ...(this.connector ? [this.connector.node.path] : [])];
    return validatedModel(this, this.node.id, parts) ?? this._toModel();
  }

  private inspectCertificate(): DeclaredCertificate | undefined {
    this.cbcCertificateLoad ??= this.gateway._inspect(this.cbcCertificate, this.node.path);
    return this.cbcCertificateLoad;
  }

  /** Everything this tenant synthesizes, computed once per synth. */
  private render(): TenantRender & { documentText: string } {
    const model = this.synthesizedModel();
    const document = tenantDocument(model);
    const documentText = JSON.stringify(document, undefined, 2);
    const hash = textHash(documentText);
    const teardown = teardownDocument(document);
    releaseDesiredObjects(model);
    return {
      hash,
      trigger: [hash, ...tenantSummary(model, document).map(terraformLiteral)],
      documentText,
      teardownJson: finishAccessDocument(this.accessBinding, terraformLiteral(JSON.stringify(teardown))),
      registryLine: terraformLiteral(registryLine(teardown)),
      registryAccess: finishAccessDocument(this.accessBinding, terraformLiteral(JSON.stringify(registryAccess(teardown)))),
      reportEntry: tenantReportEntry(model, hash),
    };
  }
}
