/**
 * The gateway product and its settings as one value: a {@link GatewayProfile} is made by the
 * factory of its product, which takes only that product's options (and deployment), so a
 * product cannot be combined with another product's settings.
 */
import { GatewayProduct } from '../core/enums';
import { PostfixDeployment, SeppmailApplianceDeployment } from '../gateways/deployment';
import { CustomProfileOptions } from './custom-profile-options';
import { FtapiOptions, NoSpamProxyOptions, SeppmailCloudOptions } from './gateway-profile-options';
import { GatewayProfileSettings } from './private/gateway-profile-models';

/** Options of {@link GatewayProfile.seppmailAppliance}. */
export interface SeppmailApplianceProfileOptions {
  /**
   * Configure the appliance itself at apply time (customers and managed domains through its REST
   * API), before the tenants' Exchange Online connectors are created. The gateway and all its
   * tenants must then be in one stack.
   * @default - the library configures Exchange Online only
   */
  readonly deployment?: SeppmailApplianceDeployment;
}

/** Options of {@link GatewayProfile.postfix}. */
export interface PostfixProfileOptions {
  /**
   * Deploy the tenants' certificates and transports to Postfix at apply time, before their
   * Exchange Online connectors are created (`PostfixDeployment.files` or `PostfixDeployment.host`).
   * The gateway and all its tenants must then be in one stack.
   * @default - the library configures Exchange Online only (warning CBC032)
   */
  readonly deployment?: PostfixDeployment;
}

/**
 * The gateway product of a {@link MailGateway} and the settings of that product: decides the
 * Exchange Online layout every tenant of the gateway gets.
 */
export class GatewayProfile {
  /**
   * SEPPmail appliance in "parallel" mode (MX stays at Microsoft), connectors and rules as
   * SEPPmail365 1.3 creates them.
   */
  public static seppmailAppliance(options: SeppmailApplianceProfileOptions = {}): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.SEPPMAIL_APPLIANCE, deployment: options.deployment });
  }

  /**
   * Postfix with the MX at the gateway: it relays the managed domains' mail to each tenant's
   * Exchange Online presenting that tenant's certificate, and Exchange Online sends all outbound
   * mail through it. Connector pair only, no transport rules.
   */
  public static postfix(options: PostfixProfileOptions = {}): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.POSTFIX, deployment: options.deployment });
  }

  /**
   * SEPPmail.cloud, parallel or inline, with the connector and rule sets of SEPPmail365cloud
   * 2.0.2; smart hosts and the tenant certificate names are derived from the region and routing.
   */
  public static seppmailCloud(options: SeppmailCloudOptions): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.SEPPMAIL_CLOUD, seppmailCloud: options });
  }

  /**
   * NoSpamProxy with the MX at the gateway: certificate-restricted Partner inbound connector with
   * Enhanced Filtering, outbound by address space `*` or by transport rule.
   */
  public static noSpamProxy(options: NoSpamProxyOptions = {}): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.NOSPAMPROXY, noSpamProxy: options });
  }

  /**
   * FTAPI S/MIME gateway beside Exchange Online: OnPremises connectors keeping internal headers,
   * transport rules excepting mail whose Received header names the gateway.
   */
  public static ftapi(options: FtapiOptions = {}): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.FTAPI, ftapi: options });
  }

  /** A layout assembled from typed parts: connectors and routing rules as declared. */
  public static custom(options: CustomProfileOptions): GatewayProfile {
    return new GatewayProfile({ product: GatewayProduct.CUSTOM, customProfile: options });
  }

  /** The gateway product. */
  public readonly product: GatewayProduct;
  private readonly settings: GatewayProfileSettings;

  private constructor(settings: GatewayProfileSettings) {
    this.product = settings.product;
    this.settings = settings;
  }

  /** @internal The product and its settings. */
  public _settings(): GatewayProfileSettings {
    return this.settings;
  }
}
