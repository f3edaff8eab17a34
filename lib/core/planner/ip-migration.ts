/**
 * The move of a gateway's inbound connector from source IP addresses to the tenant's certificate,
 * in place and in an order that never rejects a message.
 *
 * A tenant set up by hand or by an older vendor module often identifies the gateway by IP
 * (`SenderIPAddresses`, no `TlsSenderCertificateName`). Our declaration identifies it by the
 * certificate name and declares no IP addresses. Converge then:
 *
 * 1. deploys the certificate to the gateway and presents it to that tenant: the gateway sync
 *    resource runs before the tenant's converge step (it is in its `dependsOn`);
 * 2. sets the certificate name on the existing connector, with every other declared change, and
 *    keeps the IP addresses (`Set-InboundConnector -TlsSenderCertificateName`);
 * 3. drops the IP restriction in a second call (`Set-InboundConnector -SenderIPAddresses $null`,
 *    and `-RestrictDomainsToIPAddresses $false` when it was on and is not declared).
 *
 * Why both forms may be held for a moment, and why not longer:
 * - The cmdlet reference lists `-SenderIPAddresses` and `-TlsSenderCertificateName` side by side
 *   for both connector types and states no exclusion (MicrosoftDocs/office-docs-powershell,
 *   exchange/exchange-ps/ExchangePowerShell/Set-InboundConnector.md). The only advice against
 *   holding both is for Partner connectors ("You should not have IPs and certificates configured
 *   in the same partner connector", use-connectors-to-configure-mail-flow.md; reference
 *   exchange-online.md §1.5 item 10).
 * - For OnPremises connectors Microsoft documents the attribution order as the certificate's
 *   domain first, then the envelope sender, then the recipient, and warns against IP-based
 *   OnPremises connectors whose address other tenants share (message center MC1226222, updated
 *   2026-02-04). So once the name is set the certificate decides, and the IP addresses are only
 *   a fallback for connections made before the gateway presented the certificate; the second
 *   call removes them so that a shared gateway address attributes nothing.
 * - Microsoft's Hybrid Configuration Wizard clears the list the same way, writing
 *   `Set-InboundConnector … -SenderIPAddresses $null -RestrictDomainsToIPAddresses: $false
 *   -TLSSenderCertificateName …` on an OnPremises connector (its logged commands, as collected in
 *   SammyKrosoft/Hybrid-Config-Wiz-Checks, README.md).
 *
 * A run stopped between the two calls leaves both forms; the next run plans only the second.
 * Pure: no I/O.
 */
import { DesiredObject, ExoParameters, ObservedObject, ParameterChange } from '../exo-model';
import { normaliseValue, readProperty } from './normalise';

/** The second call of the migration: what to clear, and the change record for the plan. */
export interface IpRestrictionRemoval {
  readonly parameters: ExoParameters;
  readonly changes: ParameterChange[];
}

const declares = (object: DesiredObject, parameter: string): boolean =>
  Object.keys(object.parameters).some((k) => k.toLowerCase() === parameter.toLowerCase());

/**
 * What to clear on a matched inbound connector after its certificate name is set, or
 * `undefined` when there is nothing to migrate: the declaration names a certificate and declares
 * no `SenderIPAddresses`, and the connector in Exchange still lists some.
 */
export function ipRestrictionRemoval(desired: DesiredObject, observed: ObservedObject): IpRestrictionRemoval | undefined {
  if (desired.kind !== 'InboundConnector') return undefined;
  const certificate = readProperty(desired.parameters, 'TlsSenderCertificateName');
  if (typeof certificate !== 'string' || certificate.trim() === '') return undefined;
  if (declares(desired, 'SenderIPAddresses')) return undefined;
  const addresses = readProperty(observed, 'SenderIPAddresses');
  const listed = normaliseValue('InboundConnector', 'SenderIPAddresses', addresses);
  if (!Array.isArray(listed) || listed.length === 0) return undefined;

  const parameters: ExoParameters = { SenderIPAddresses: null };
  const changes: ParameterChange[] = [{ parameter: 'SenderIPAddresses', current: addresses ?? null, desired: null }];
  const restrict = readProperty(observed, 'RestrictDomainsToIPAddresses');
  if (!declares(desired, 'RestrictDomainsToIPAddresses') && normaliseValue('InboundConnector', 'RestrictDomainsToIPAddresses', restrict) === true) {
    // With the list empty, `$true` would reject every message for SenderDomains (Set-InboundConnector.md, RestrictDomainsToIPAddresses).
    parameters.RestrictDomainsToIPAddresses = false;
    changes.push({ parameter: 'RestrictDomainsToIPAddresses', current: restrict ?? null, desired: false });
  }
  return { parameters, changes };
}
