import { IConstruct } from 'constructs';
import type { CbcConnector } from './cbc-connector';
import type { ManagedDomain } from './managed-domain';

/** A Microsoft 365 tenant served by the gateway. */
export interface ITenantGateway extends IConstruct {
  /** Entra tenant id. */
  readonly tenantId: string;
  /** The tenant's initial `*.onmicrosoft.com` domain. */
  readonly initialDomain: string;
  /** @internal */
  _registerDomain(domain: ManagedDomain): void;
  /** @internal */
  _registerConnector(connector: CbcConnector): void;
}
