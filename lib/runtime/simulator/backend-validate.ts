/**
 * Combination rules of the simulated Exchange Online (exchange-online.md §1.5), checked on the
 * object as it would be stored, so a Set sees what a New set earlier: TreatMessagesAsInternal,
 * UseMXRecord $false without SmartHosts, AllAcceptedDomains / RouteAllMessagesViaOnPremises /
 * SenderRewritingEnabled without OnPremises, TlsDomain only with TlsSettings DomainValidation,
 * SetHeaderName without SetHeaderValue, header conditions with both halves of their pair.
 */
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';
import {
  ConditionPairError,
  OnPremisesConnectorRequiredError,
  SetHeaderPairError,
  SmartHostsRequiredError,
  TlsDomainRequiresDomainValidationError,
  TreatMessagesAsInternalError,
} from './errors';

/** Combination rules of exchange-online.md §1.5, on the object as it would be stored. */
export function validateObject(kind: ExoObjectKind, record: ObservedObject): void {
  if (kind === 'InboundConnector') {
    if (record.TreatMessagesAsInternal === true && (record.CloudServicesMailEnabled === true || record.ConnectorType !== 'OnPremises')) {
      throw new TreatMessagesAsInternalError();
    }
  } else if (kind === 'OutboundConnector') {
    if (record.UseMXRecord === false && (!Array.isArray(record.SmartHosts) || record.SmartHosts.length === 0)) {
      throw new SmartHostsRequiredError();
    }
    // §1.5.5: TlsDomain "meaningful only when the TlsSettings value is DomainValidation"
    // (New-/Set-OutboundConnector.md); refused otherwise, see TlsDomainRequiresDomainValidationError.
    if (isSet(record.TlsDomain) && record.TlsSettings !== 'DomainValidation') {
      throw new TlsDomainRequiresDomainValidationError((record.TlsSettings as string | null | undefined) ?? null);
    }
    for (const parameter of ['AllAcceptedDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled']) {
      if (record[parameter] === true && record.ConnectorType !== 'OnPremises') throw new OnPremisesConnectorRequiredError(parameter);
    }
  } else {
    const hasName = record.SetHeaderName !== null && record.SetHeaderName !== undefined;
    const hasValue = record.SetHeaderValue !== null && record.SetHeaderValue !== undefined;
    if (hasName && !hasValue) throw new SetHeaderPairError('SetHeaderValue');
    if (hasValue && !hasName) throw new SetHeaderPairError('SetHeaderName');
    // §1.5.8: each header condition names its header and what to look for, together.
    for (const [header, words] of HEADER_CONDITION_PAIRS) {
      if (isSet(record[header]) && !isSet(record[words])) throw new ConditionPairError(header, words);
      if (isSet(record[words]) && !isSet(record[header])) throw new ConditionPairError(words, header);
    }
  }
}

/**
 * Header conditions and exceptions whose two halves go together (New-/Set-TransportRule.md:
 * "…MessageHeader parameter specifies the name of header field in the message header when
 * searching for the words / text patterns specified by the …Words / …Patterns parameter").
 */
const HEADER_CONDITION_PAIRS: readonly (readonly [string, string])[] = [
  ['HeaderContainsMessageHeader', 'HeaderContainsWords'],
  ['ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords'],
  ['HeaderMatchesMessageHeader', 'HeaderMatchesPatterns'],
  ['ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns'],
];

/** A stored value that is there: not null/absent, not an empty string or list. */
function isSet(value: ExoValue | undefined): boolean {
  if (value === null || value === undefined || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}
