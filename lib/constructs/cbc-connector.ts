import { Construct } from 'constructs';
import { RulePlacement } from '../core/enums';
import { ConnectorOptions, DEFAULTS } from '../core/fleet';
import { registrarOf } from './private/tenant-registrar';
import { ITenantGateway } from './tenant-gateway-base';

export { RulePlacement } from '../core/enums';

/** Options of a tenant's connector pair and routing rules. */
export interface CbcConnectorOptions {
  /**
   * Whether the routing rules are enabled. Set false for a staged rollout: connectors are
   * created, rules exist but route nothing until you flip this.
   * @default true
   */
  readonly rulesEnabled?: boolean;
  /**
   * Where the routing rules sit among the tenant's other transport rules.
   * @default - RulePlacement.TOP; RulePlacement.BOTTOM for SEPPmail.cloud, as its module places them
   */
  readonly rulePlacement?: RulePlacement;
  /**
   * Route only encrypted or signed inbound mail (S/MIME and PGP content types, PGP armour,
   * security tags) to the gateway; false routes all inbound mail of the managed domains.
   * @default true
   */
  readonly cryptoContentOnly?: boolean;
  /**
   * Inbound mail with a spam confidence level above this is not routed to the gateway
   * (`ExceptIfSCLOver`). One of -1, 0, 5, 6, 8, 9 as in SEPPmail365.
   * @default 5
   */
  readonly sclInboundThreshold?: number;
  /**
   * Whether both connectors are enabled.
   * @default true
   */
  readonly connectorsEnabled?: boolean;
  /**
   * Set `RestrictDomainsToCertificate $true` on the inbound connector.
   * @default false
   */
  readonly restrictDomainsToCertificate?: boolean;
  /**
   * Name of the inbound connector (gateway to Exchange Online).
   * @default - the profile's name, e.g. '[SEPPmail] Appliance -> ExchangeOnline' for the SEPPmail appliance
   */
  readonly inboundConnectorName?: string;
  /**
   * Name of the outbound connector (Exchange Online to gateway).
   * @default - the profile's name, e.g. '[SEPPmail] ExchangeOnline -> Appliance' for the SEPPmail appliance
   */
  readonly outboundConnectorName?: string;
  /**
   * Prefix of the routing rule names.
   * @default - the profile's prefix, e.g. '[SEPPmail] - ' for the SEPPmail appliance
   */
  readonly ruleNamePrefix?: string;
  /**
   * Converge also removes conditions, exceptions and actions that someone added by hand to the
   * managed routing rules (each is set back to `$null` with Set-TransportRule). Without it,
   * converge leaves such additions in place and `exo-gateway drift` reports them.
   * @default false
   */
  readonly strict?: boolean;
}

/** Properties of a {@link CbcConnector}. */
export interface CbcConnectorProps extends CbcConnectorOptions {
  /** The tenant whose connector pair this is. */
  readonly tenant: ITenantGateway;
}

/**
 * A tenant's certificate-based connector pair (inbound: gateway to Exchange Online, identified
 * by the tenant's certificate name; outbound: Exchange Online to the gateway's smart host with
 * DomainValidation) and the routing rules that use it. A tenant without one gets the defaults.
 */
export class CbcConnector extends Construct {
  /** The tenant whose connector pair this is. */
  public readonly tenant: ITenantGateway;
  private readonly options: CbcConnectorOptions;

  constructor(scope: Construct, id: string, props: CbcConnectorProps) {
    super(scope, id);
    this.tenant = props.tenant;
    // A copy: the model must not change when the caller's object does. Enum and range checks
    // are rules (CBC017, CBC018), so an untyped caller's value reaches them as given.
    this.options = { ...props };
    registrarOf(props.tenant, `CbcConnector at ${this.node.path}`)._registerConnector(this);
  }

  /** @internal */
  public _toModel(): ConnectorOptions {
    const o = this.options;
    return {
      path: this.node.path,
      rulesEnabled: o.rulesEnabled ?? DEFAULTS.rulesEnabled,
      rulePlacement: o.rulePlacement,
      cryptoContentOnly: o.cryptoContentOnly ?? DEFAULTS.cryptoContentOnly,
      sclInboundThreshold: o.sclInboundThreshold ?? DEFAULTS.sclInboundThreshold,
      connectorsEnabled: o.connectorsEnabled ?? DEFAULTS.connectorsEnabled,
      restrictDomainsToCertificate: o.restrictDomainsToCertificate ?? DEFAULTS.restrictDomainsToCertificate,
      inboundConnectorName: o.inboundConnectorName,
      outboundConnectorName: o.outboundConnectorName,
      ruleNamePrefix: o.ruleNamePrefix,
      ...(o.strict === true ? { strict: true } : {}),
    };
  }
}
