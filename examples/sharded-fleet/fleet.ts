/**
 * A fleet split into shards: every shard is a stack with its own state, so no state grows with
 * the whole fleet and the shards can be applied in parallel. Kept apart from main.ts so tests and
 * the benchmark can build the same fleet.
 */
import { App, LocalBackend } from 'cdktf';
import { ExchangeAccess, FleetShards, GatewayProfile, MailGateway, MailGatewayProps, TenantGateway } from '../../lib';
import { AUTOMATION_APP_ID, CERT_ENV, ExampleTenant } from '../seppmail-msp/fleet';

/** The SEPPmail appliance every shard's tenants are connected to. */
export const APPLIANCE: MailGatewayProps = {
  profile: GatewayProfile.seppmailAppliance(),
  fqdn: 'securemail.example-msp.net',
  tlsCertificateName: '*.example-msp.net',
};

/** `count` generated customers, each with a tenant id, an initial domain and two mail domains. */
export function generatedTenants(count: number, from = 1): ExampleTenant[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const id = `Customer${String(n).padStart(5, '0')}`;
    const hex = n.toString(16).padStart(12, '0');
    return {
      id,
      tenantId: `00000000-0000-4000-8000-${hex}`,
      initialDomain: `${id.toLowerCase()}.onmicrosoft.com`,
      cbcCertificateName: `seppmail.${id.toLowerCase()}.example`,
      domains: [`${id.toLowerCase()}.example`, `${id.toLowerCase()}-mail.example`],
    };
  });
}

/** Options of {@link buildShardedFleet}. */
export interface ShardedFleetOptions {
  readonly shardCount: number;
  /** Tenants kept in a given shard whatever their assignment (tenant name -> shard). */
  readonly pins?: { readonly [construct: string]: number };
}

/** Declares the fleet into `app`: one stack per shard, each with its state beside its cdk.tf.json. */
export function buildShardedFleet(app: App, tenants: ExampleTenant[], options: ShardedFleetOptions): FleetShards {
  const shards = new FleetShards(app, 'Fleet', { shardCount: options.shardCount, stackIdPrefix: 'mail-gateway' });
  // Per stack: its own state (a remote backend with one key per shard in production) and the
  // gateway the stack's tenants are connected to.
  const gateways = shards.stacks.map((stack) => {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    return new MailGateway(stack, 'Appliance', APPLIANCE);
  });
  for (const t of tenants) {
    const stack = shards.stackFor(t.tenantId, options.pins?.[t.id]);
    const tenant = new TenantGateway(stack, t.id, {
      gateway: gateways[shards.stacks.indexOf(stack)],
      tenantId: t.tenantId,
      initialDomain: t.initialDomain,
      cbcCertificateName: t.cbcCertificateName,
      access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
    });
    t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
  }
  return shards;
}
