import { defineRule } from '../../../core/findings';
import { ValidationContext } from '../../../core/rules/context';

export const SeppmailApiCertificateVerified = defineRule<ValidationContext>(
  {
    code: 'CBC035',
    level: 'warning',
    title: "The SEPPmail REST deployment verifies the API's HTTPS certificate (no insecureSkipVerify)",
    explanation: 'Without verification the API token and secret go to whoever answers at apiUrl, and with them full control of every customer on the appliance.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      const rest = g.seppmailRest;
      if (!rest?.insecureSkipVerify) continue;
      report(g.path, `the SEPPmail REST deployment of ${g.fqdn} does not verify the certificate of ${rest.apiUrl}`, "give the appliance's CA (or its self-signed certificate) as caFile instead of insecureSkipVerify", rest.apiUrl);
    }
  },
);
