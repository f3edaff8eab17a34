/**
 * The facts about each product that generic rules need, answered by the profiles so that the
 * rules never name a product.
 */
import { GatewayProduct, GatewayProductValue } from '../core/enums';
import { ProfileTraits } from '../core/fleet';

const NONE: ProfileTraits = { derivesCertificateNames: false, requiresClientAuthCertificate: false, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: false };

const TRAITS: { readonly [product in GatewayProductValue]: ProfileTraits } = {
  [GatewayProduct.SEPPMAIL_APPLIANCE]: NONE,
  // Postfix's TLS client does not present a certificate without clientAuth (reference postfix.md).
  [GatewayProduct.POSTFIX]: { ...NONE, requiresClientAuthCertificate: true },
  // `<tenant id>.<region>.seppmail.cloud` and `*.<region>.seppmail.cloud`; smart hosts `<domain-dashed>.mail|relay|gate.seppmail.cloud`.
  [GatewayProduct.SEPPMAIL_CLOUD]: { ...NONE, derivesCertificateNames: true, smartHostsFromDomainNames: true },
  [GatewayProduct.NOSPAMPROXY]: NONE,
  [GatewayProduct.FTAPI]: NONE,
  [GatewayProduct.CUSTOM]: { ...NONE, objectsDeclaredOnGateway: true },
};

/** The traits of a product's profile; a product outside the enum (an untyped caller, rule CBC017) has none. */
export function profileTraits(product: GatewayProductValue): ProfileTraits {
  return TRAITS[product] ?? NONE;
}
