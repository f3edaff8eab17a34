import { Construct } from 'constructs';
import { ManagedDomainModel } from '../core/fleet';
import { normalName } from '../core/idn';
import { registrarOf } from './private/tenant-registrar';
import { ITenantGateway } from './tenant-gateway-base';

/** Options for a managed domain added with {@link TenantGateway.addManagedDomain}. */
export interface ManagedDomainOptions {
  /** The mail domain, as it appears among the tenant's accepted domains (e.g. `contoso.com`). */
  readonly domain: string;
}

/** Properties of a {@link ManagedDomain}. */
export interface ManagedDomainProps extends ManagedDomainOptions {
  /** The tenant this domain belongs to. */
  readonly tenant: ITenantGateway;
}

/**
 * A mail domain of a tenant whose mail is routed through the gateway. A domain belongs to
 * exactly one tenant; all domains of a tenant share the tenant's CBC certificate.
 */
export class ManagedDomain extends Construct {
  /** The mail domain, in its normal form: lower case, no trailing dot, internationalised labels as `xn--`. */
  public readonly domain: string;
  /** The tenant it belongs to. */
  public readonly tenant: ITenantGateway;

  constructor(scope: Construct, id: string, props: ManagedDomainProps) {
    super(scope, id);
    this.domain = normalName(props.domain);
    this.tenant = props.tenant;
    registrarOf(props.tenant, `ManagedDomain at ${this.node.path}`)._registerDomain(this);
  }

  /** @internal */
  public _toModel(): ManagedDomainModel {
    return { path: this.node.path, domain: this.domain };
  }
}
