/**
 * Small questions asked of desired Exchange objects by the connector matrix and the rules.
 */
import { DesiredObject, ExoValue } from './exo-model';

/** True when a parameter has a value: not absent, null, '' or []. */
export function filled(v: ExoValue | undefined): boolean {
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** The object's ConnectorType in lower case, if any. */
export function connectorTypeOf(o: DesiredObject): string | undefined {
  const t = o.parameters.ConnectorType;
  return typeof t === 'string' ? t.toLowerCase() : undefined;
}

/** True for an OnPremises connector. */
export function isOnPremises(o: DesiredObject): boolean {
  return connectorTypeOf(o) === 'onpremises';
}

/** True for a Partner connector. */
export function isPartner(o: DesiredObject): boolean {
  return connectorTypeOf(o) === 'partner';
}
