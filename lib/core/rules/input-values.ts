/**
 * Values an untyped caller (JavaScript, Python through jsii) can pass that TypeScript would
 * refuse: a string outside an enum, a number outside its range or not a number, an empty marker
 * header or word. The constructs hand such values to the model unchanged and the rules CBC017
 * (enum-values.ts), CBC018 (numeric-ranges.ts) and CBC019 (marker-values.ts) report them, each
 * with the construct path and the prop, instead of a profile silently taking another branch or
 * deploying an empty value.
 */

/** The SCL thresholds SEPPmail365 accepts for `ExceptIfSCLOver` (`-SCLInboundValue`). */
export const ALLOWED_SCL_THRESHOLDS: readonly number[] = [-1, 0, 5, 6, 8, 9];

/** A value as a message quotes it: strings in quotes, anything else as JavaScript prints it. */
export function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/** True when the value is not a string with something in it. */
export function blank(v: unknown): boolean {
  return typeof v !== 'string' || v.trim() === '';
}
