import { IConstruct } from 'constructs';

/** A Microsoft 365 tenant served by the gateway (implemented by {@link TenantGateway}). */
export interface ITenantGateway extends IConstruct {
  /** Entra tenant id. */
  readonly tenantId: string;
  /** The tenant's initial `*.onmicrosoft.com` domain. */
  readonly initialDomain: string;
}
