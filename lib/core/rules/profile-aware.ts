/**
 * What rules need to know about products: whether a product derives names itself, and where a
 * finding about a profile's objects belongs.
 */
import { checkConnectorMatrix } from '../connector-matrix';
import { DesiredObject } from '../exo-model';
import { FindingLevel, Report } from '../findings';
import { GatewayModel, TenantModel } from '../fleet';
import { activeTenants, ValidationContext } from './context';

/**
 * True when the product, not the user, names the tenant's CBC certificate and the gateway's
 * certificate (SEPPmail.cloud: `<tenant id>.<region>.seppmail.cloud` presented by the vendor,
 * `*.<region>.seppmail.cloud` on its smart hosts). The name rules that judge a name the user chose
 * (CBC002, CBC005, CBC014, CBC015) do not apply; CBC052 and CBC056 do.
 */
export function namesDerivedByProduct(gateway: GatewayModel): boolean {
  return gateway.traits.derivesCertificateNames;
}

/**
 * Where a finding about a tenant's desired objects is reported: a custom profile is declared on
 * the gateway (customProfile), so its findings go there; built-in profiles are shaped by the
 * tenant's CbcConnector options.
 */
export function objectFindingPath(tenant: TenantModel): string {
  return tenant.gateway.traits.objectsDeclaredOnGateway ? tenant.gateway.path : (tenant.connector?.path ?? tenant.path);
}

/** How a finding names the owner of an object: the custom profile (declared once per gateway) or the tenant. */
export function objectOwner(tenant: TenantModel): string {
  return tenant.gateway.traits.objectsDeclaredOnGateway ? `of the custom profile of ${tenant.gateway.fqdn}` : `of tenant '${tenant.name}'`;
}

/** The matrix of a tenant's objects, checked once for both levels (the objects are built once per model). */
const matrixOf = new WeakMap<readonly DesiredObject[], ReturnType<typeof checkConnectorMatrix>>();

/** Reports the connector-matrix violations of one level in every active tenant's objects (CBC050, CBC051). */
export function reportMatrix(ctx: ValidationContext, level: FindingLevel, report: Report): void {
  for (const t of activeTenants(ctx)) {
    const objects = ctx.desiredObjects(t);
    let violations = matrixOf.get(objects);
    if (violations === undefined) {
      violations = checkConnectorMatrix(objects);
      matrixOf.set(objects, violations);
    }
    for (const v of violations) {
      if (v.level !== level) continue;
      report(objectFindingPath(t), `[${v.entry}] ${v.kind} '${v.object}' ${objectOwner(t)} ${v.message} (${v.parameter})`, v.fix, v.value);
    }
  }
}
