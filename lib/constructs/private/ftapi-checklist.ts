import { Annotations, Aspects, Lazy, TerraformOutput } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { TenantModel } from '../../core/fleet';
import { ftapiTlsPolicyLines } from '../../profiles/ftapi';
import { TenantModelSource } from './fleet-collector';
import { terraformLiteral } from '../../core/terraform-literal';


/**
 * The gateway-side step of FTAPI's guide that no API sets: one `tls-policy` line per managed
 * domain's Exchange Online MX host (MTA -> Karten -> tls-policy), as a Terraform output
 * `<gateway>_FtapiTlsPolicy` and as an info annotation per tenant.
 */
export function addFtapiTlsPolicyChecklist(gateway: Construct, tenants: () => readonly TenantModelSource[]): void {
  const lines = (t: TenantModel) => (t.retired ? [] : ftapiTlsPolicyLines(t));
  new TerraformOutput(gateway, 'FtapiTlsPolicy', {
    description: terraformLiteral(`Manual step on the FTAPI gateway ${gateway.node.id}: add these lines to MTA -> Karten -> tls-policy (forced, verified TLS to each tenant's Exchange Online)`),
    value: Lazy.anyValue({ produce: () => tenants().flatMap((t) => lines(t._toModel()).map(terraformLiteral)) }),
  });
  Aspects.of(gateway).add({
    visit: (node: IConstruct) => {
      if (node !== gateway) return;
      for (const t of tenants()) {
        for (const line of lines(t._toModel())) Annotations.of(t).addInfo(`manual step on the FTAPI gateway: tls-policy line ${line}`);
      }
    },
  });
}
