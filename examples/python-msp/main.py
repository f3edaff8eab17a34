#!/usr/bin/env python3
"""The example fleet of examples/seppmail-msp, in Python: one SEPPmail appliance serving three
customer tenants with five mail domains. It synthesizes the same tenant documents as the
TypeScript example.

    npx jsii-pacmak --targets python             # in the repository: dist/python/*.whl
    pip install dist/python/cdktf_exo_gateway-*.whl cdktf==0.21.0 constructs==10.4.2
    python main.py                               # or: npx cdktf synth (cdktf.json here)
"""
from cdktf import App, LocalBackend, TerraformStack
from constructs import Construct

from cdktf_exo_gateway import (
    CbcConnector,
    ExchangeAccess,
    GatewayProfile,
    MailGateway,
    RulePlacement,
    TenantGateway,
)

# The MSP's multi-tenant automation app (bring your own: created outside this stack).
AUTOMATION_APP_ID = "3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21"
# Name of the runner's environment variable holding the app certificate (base64 PFX).
CERT_ENV = "EXO_APP_CERT_PFX_B64"

TENANTS = [
    {"id": "Contoso", "tenant_id": "6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01", "initial_domain": "contoso.onmicrosoft.com",
     "cbc_certificate_name": "seppmail.contoso.com", "domains": ["contoso.com", "contoso.ch"]},
    {"id": "Fabrikam", "tenant_id": "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02", "initial_domain": "fabrikam.onmicrosoft.com",
     "cbc_certificate_name": "seppmail.fabrikam.com", "domains": ["fabrikam.com", "fabrikam-mail.de"]},
    # Staged rollout: connectors now, routing rules disabled until the pilot ends.
    {"id": "Tailspin", "tenant_id": "9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603", "initial_domain": "tailspintoys.onmicrosoft.com",
     "cbc_certificate_name": "seppmail.tailspintoys.com", "domains": ["tailspintoys.com"], "staged": True},
]


class SeppmailMspStack(TerraformStack):
    def __init__(self, scope: Construct, id: str, tenants=TENANTS) -> None:
        super().__init__(scope, id)
        # State next to cdk.tf.json, so the stack folder is self-contained.
        LocalBackend(self, path="terraform.tfstate")
        appliance = MailGateway(
            self, "Appliance",
            profile=GatewayProfile.seppmail_appliance(),
            fqdn="securemail.example-msp.net",
            tls_certificate_name="*.example-msp.net",
        )
        for t in tenants:
            tenant = TenantGateway(
                self, t["id"],
                gateway=appliance,
                tenant_id=t["tenant_id"],
                initial_domain=t["initial_domain"],
                cbc_certificate_name=t["cbc_certificate_name"],
                access=ExchangeAccess.certificate_from_environment(AUTOMATION_APP_ID, CERT_ENV),
            )
            for i, domain in enumerate(t["domains"]):
                tenant.add_managed_domain(f"Domain{i + 1}", domain=domain)
            if t.get("staged"):
                CbcConnector(tenant, "Connector", tenant=tenant, rules_enabled=False, rule_placement=RulePlacement.BOTTOM)


if __name__ == "__main__":
    app = App()
    SeppmailMspStack(app, "python-msp")
    app.synth()
