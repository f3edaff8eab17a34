import { Finding, FindingLevel } from '../findings';

/** Builds a finding; rules call this so every finding has all fields. */
export function finding(code: string, level: FindingLevel, path: string, value: string, message: string, fix: string): Finding {
  return { code, level, path, value, message, fix };
}
