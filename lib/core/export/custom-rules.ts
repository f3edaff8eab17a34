/**
 * A routing rule read back into the options of `GatewayProfile.custom`'s routing rules, for
 * `exo-gateway export` (custom-layout.ts): the inverse of lib/profiles/custom.ts
 * customProfileObjects, which makes an inbound rule `FromScope NotInOrganization`, `SentToScope
 * InOrganization` with the managed domains in `RecipientDomainIs`, an outbound rule the reverse
 * with `SenderDomainIs`, and each option one `New-TransportRule` parameter (exo-catalogue.ts). A
 * predicate or action the options lack is a problem of the rule. Plain data, no I/O.
 */
import { CustomRuleFields } from '../custom-profile-model';
import { enumValues, SenderAddressLocation, SenderAddressLocationValue } from '../enums';
import { ObservedObject } from '../exo-model';
import { readProperty, stripAddressSpace } from '../planner/normalise';
import { enumValue, holdsValue, ownComment, Problems, unexpressed } from './custom-reverse';
import { flag, list, nameOf, text } from './observed-objects';

/** The parameters the routing rule options set (lib/profiles/custom.ts routingRuleObject), or that are no setting. */
const HANDLED = [
  'Name', 'Enabled', 'Priority', 'Comments', 'Mode', 'FromScope', 'SentToScope', 'RecipientDomainIs', 'SenderDomainIs',
  'HeaderContainsMessageHeader', 'HeaderContainsWords', 'SubjectOrBodyContainsWords', 'ExceptIfHeaderContainsMessageHeader',
  'ExceptIfHeaderContainsWords', 'ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns', 'ExceptIfMessageTypeMatches',
  'ExceptIfSCLOver', 'RouteMessageOutboundConnector', 'SetHeaderName', 'SetHeaderValue', 'RemoveHeader', 'SenderAddressLocation', 'StopRuleProcessing',
];

/** A header test's options (`<prefix>Name` and the words), both or neither given. */
function headerTest(r: ObservedObject, header: string, values: string, name: string, words: string, problems: Problems): { [option: string]: string | string[] } {
  const h = text(r, header);
  const w = list(r, values);
  if (h === undefined && w.length === 0) return {};
  if (h === undefined || w.length === 0) problems.push(`${header} and ${values} are not both set: GatewayProfile.custom sets a header test with both`);
  return { ...(h !== undefined ? { [name]: h } : {}), ...(w.length ? { [words]: w } : {}) };
}

/** The options of one routing rule and the domains it scopes (lower case, sorted); problems are added to `problems`. */
export function customRuleOptions(r: ObservedObject, problems: Problems): { options: CustomRuleFields; domains?: string[] } {
  const from = text(r, 'FromScope')?.toLowerCase();
  const to = text(r, 'SentToScope')?.toLowerCase();
  const inbound = from === 'notinorganization' && to === 'inorganization';
  if (!inbound && !(from === 'inorganization' && to === 'notinorganization')) {
    problems.push(`FromScope '${text(r, 'FromScope') ?? ''}' with SentToScope '${text(r, 'SentToScope') ?? ''}': GatewayProfile.custom's rules are inbound (NotInOrganization to InOrganization) or outbound (the reverse)`);
  }
  const [own, other] = inbound ? ['RecipientDomainIs', 'SenderDomainIs'] : ['SenderDomainIs', 'RecipientDomainIs'];
  if (list(r, other).length) problems.push(`${other} on an ${inbound ? 'inbound' : 'outbound'} rule: GatewayProfile.custom scopes inbound rules by RecipientDomainIs, outbound ones by SenderDomainIs`);
  const domains = [...new Set(list(r, own).map((d) => stripAddressSpace(d).toLowerCase()))].sort();
  if (holdsValue('TransportRule', 'Mode', readProperty(r, 'Mode'))) problems.push(`Mode ${text(r, 'Mode')}: GatewayProfile.custom's rules are enforced (Mode Enforce)`);
  const type = text(r, 'ExceptIfMessageTypeMatches');
  if (type !== undefined && type.toUpperCase() !== 'OOF') problems.push(`ExceptIfMessageTypeMatches ${type}: GatewayProfile.custom excepts only automatic replies (OOF)`);
  const scl = readProperty(r, 'ExceptIfSCLOver');
  const location = text(r, 'SenderAddressLocation');
  const senderAddressLocation = enumValue(enumValues(SenderAddressLocation), location) as SenderAddressLocationValue | undefined;
  if (location !== undefined && senderAddressLocation === undefined) problems.push(`SenderAddressLocation ${location}: GatewayProfile.custom takes ${enumValues(SenderAddressLocation).join(', ')}`);
  const optional = (option: string, value: string | undefined) => (value !== undefined ? { [option]: value } : {});
  const subject = list(r, 'SubjectOrBodyContainsWords');
  const comment = ownComment(r, 'Comments');
  problems.push(...unexpressed('TransportRule', r, HANDLED));
  const options = {
    name: nameOf(r),
    direction: inbound ? 'inbound' : 'outbound',
    ...(domains.length ? {} : { scopeToManagedDomains: false }),
    ...headerTest(r, 'HeaderContainsMessageHeader', 'HeaderContainsWords', 'headerContainsName', 'headerContainsWords', problems),
    ...(subject.length ? { subjectOrBodyContainsWords: subject } : {}),
    ...headerTest(r, 'ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords', 'exceptIfHeaderContainsName', 'exceptIfHeaderContainsWords', problems),
    ...headerTest(r, 'ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns', 'exceptIfHeaderMatchesName', 'exceptIfHeaderMatchesPatterns', problems),
    ...(scl !== null && scl !== undefined && String(scl).trim() !== '' ? { exceptIfSclOver: Number(scl) } : {}),
    ...(type !== undefined ? { exceptIfOutOfOffice: true } : {}),
    ...optional('setHeaderName', text(r, 'SetHeaderName')),
    ...optional('setHeaderValue', text(r, 'SetHeaderValue')),
    ...optional('removeHeader', text(r, 'RemoveHeader')),
    ...(senderAddressLocation && senderAddressLocation !== 'Header' ? { senderAddressLocation } : {}),
    ...(flag(r, 'StopRuleProcessing') === true ? { stopRuleProcessing: true } : {}),
    ...optional('comment', comment),
  } as CustomRuleFields;
  return { options, ...(domains.length ? { domains } : {}) };
}
