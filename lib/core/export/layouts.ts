/**
 * What identifies each gateway product's layout in a tenant, for `exo-gateway export`: the object
 * names the vendors' own tools give (SEPPmail365 1.3.0 New-SM365Connectors / New-SM365Rules and
 * SEPPmail365cloud 2.0.2 New-SC365Connectors / New-SC365Rules: shared reference seppmail365.md
 * §2.1, §2.2, §3.1, §3.2) and that our profiles declare (lib/profiles: the same names, so that a
 * vendor setup is adopted in place; test/core/export-layouts.test.ts keeps the two equal), and the
 * hosts and headers only that product uses. Plain data, no I/O.
 */
import { ExoObjectKind } from '../exo-model';

/** The fleet file's profile names that export can write. */
export type ExportProfile = 'seppmail-appliance' | 'seppmail-cloud' | 'nospamproxy' | 'ftapi' | 'postfix';

/** A layout export recognises: a profile of the fleet file, or a custom one (code only). */
export type ExportLayout = ExportProfile | 'custom';

/** One object, by kind and name. */
export interface ObjectRef {
  readonly kind: ExoObjectKind;
  readonly name: string;
}

/** The names a product's tools (and our profile) give its objects. */
export interface LayoutNames {
  readonly inbound: readonly string[];
  readonly outbound: readonly string[];
  readonly rulePrefix: string;
  /** Every object name of the product starts with this (case-insensitively). */
  readonly namePrefix: string;
}

/** SEPPmail appliance: SEPPmail365 1.3.0 (seppmail365.md §2.1, §3.1). */
export const SEPPMAIL_APPLIANCE_LAYOUT: LayoutNames = {
  inbound: ['[SEPPmail] Appliance -> ExchangeOnline'],
  outbound: ['[SEPPmail] ExchangeOnline -> Appliance'],
  rulePrefix: '[SEPPmail] - ',
  namePrefix: '[SEPPmail]',
};

/** SEPPmail.cloud: SEPPmail365cloud 2.0.2 (seppmail365.md §2.2, §3.2); parallel first, then inline. */
export const SEPPMAIL_CLOUD_LAYOUT: LayoutNames & { readonly parallel: { inbound: string; outbound: string }; readonly inline: { inbound: string; outbound: string } } = {
  parallel: { inbound: '[SEPPmail.cloud] Inbound-Parallel', outbound: '[SEPPmail.cloud] Outbound-Parallel' },
  inline: { inbound: '[SEPPmail.cloud] Inbound-InLine', outbound: '[SEPPmail.cloud] Outbound-InLine' },
  inbound: ['[SEPPmail.cloud] Inbound-Parallel', '[SEPPmail.cloud] Inbound-InLine'],
  outbound: ['[SEPPmail.cloud] Outbound-Parallel', '[SEPPmail.cloud] Outbound-InLine'],
  rulePrefix: '[SEPPmail.cloud] - ',
  namePrefix: '[SEPPmail.cloud]',
};

/** NoSpamProxy: the names our profile gives (lib/profiles/nospamproxy.ts; the vendor's manual sets connectors up by hand). */
export const NOSPAMPROXY_LAYOUT: LayoutNames = {
  inbound: ['[NoSpamProxy] NoSpamProxy -> ExchangeOnline'],
  outbound: ['[NoSpamProxy] ExchangeOnline -> NoSpamProxy'],
  rulePrefix: '[NoSpamProxy] - ',
  namePrefix: '[NoSpamProxy]',
};

/** FTAPI S/MIME gateway: the names our profile gives (lib/profiles/ftapi.ts, from FTAPI's setup article). */
export const FTAPI_LAYOUT: LayoutNames = {
  inbound: ['FTAPI S/MIME Inbound Connector'],
  outbound: ['FTAPI S/MIME Outbound Connector'],
  rulePrefix: 'FTAPI ',
  namePrefix: 'FTAPI ',
};

/** Postfix: the names our profile gives (lib/profiles/postfix.ts); one connector pair, no rule. */
export const POSTFIX_LAYOUT: LayoutNames = {
  inbound: ['[Postfix] Gateway -> ExchangeOnline'],
  outbound: ['[Postfix] ExchangeOnline -> Gateway'],
  rulePrefix: '[Postfix] ',
  namePrefix: '[Postfix]',
};

/** The names of each profile export writes. */
export const LAYOUT_NAMES: { readonly [P in ExportProfile]: LayoutNames } = {
  'seppmail-appliance': SEPPMAIL_APPLIANCE_LAYOUT,
  'seppmail-cloud': SEPPMAIL_CLOUD_LAYOUT,
  'nospamproxy': NOSPAMPROXY_LAYOUT,
  'ftapi': FTAPI_LAYOUT,
  'postfix': POSTFIX_LAYOUT,
};

/** The zone of SEPPmail.cloud's hosts and certificates (seppmail365.md §7). */
export const SEPPMAIL_CLOUD_ZONE = 'seppmail.cloud';

/** SEPPmail.cloud regions (GeoRegion.json, seppmail365.md §7). */
export const SEPPMAIL_CLOUD_REGIONS = ['ch', 'de', 'prv', 'dev'] as const;

/**
 * Headers only SEPPmail's layouts use in transport rules (loop prevention and direction,
 * seppmail365.md §3.1): a rule that sets or tests one belongs to a SEPPmail layout.
 */
export const SEPPMAIL_HEADERS = ['x-sm-incoming', 'x-sm-outgoing', 'x-sm-internal', 'x-sm-maildirection', 'x-sm-decrypted', 'x-sm-encrypted', 'x-sm-smarthost', 'x-sm-ruleversion', 'x-sepp-smarthost'];

/**
 * How both SEPPmail modules and Exchange's hybrid wizard mark hybrid connectors: ConnectorSource
 * `HybridWizard`, or the names `Inbound from *` / `Outbound to *` (seppmail365.md §4.7).
 */
export function isHybridConnector(name: string, connectorSource: unknown): boolean {
  return String(connectorSource ?? '').toLowerCase() === 'hybridwizard' || /^(inbound from |outbound to )/i.test(name);
}
