/**
 * Every parameter every profile can emit, in every mode, binds against the catalogue of real
 * cmdlet parameters (exo-catalogue.ts), with an allowed value; and the Set-* cmdlet can change it
 * in place (the planner never deletes and recreates).
 */
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { desiredObjectsFor } from '../../lib/profiles';
import { everyProfileVariant } from './fixtures';

describe('every parameter of every profile is a real cmdlet parameter', () => {
  test.each(everyProfileVariant())('%s: New-<kind> binds every parameter, with allowed values', (_n, t) => {
    const objects = desiredObjectsFor(t);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      const spec = EXO_CATALOGUE[`New-${o.kind}`];
      for (const [name, value] of Object.entries(o.parameters)) {
        const p = spec.parameters[name];
        expect({ cmdlet: spec.cmdlet, name, known: p !== undefined }).toEqual({ cmdlet: spec.cmdlet, name, known: true });
        if (p.type === 'Enum') expect(p.values!.map((v: string) => v.toLowerCase())).toContain(String(value).toLowerCase());
        if (p.type === 'Boolean') expect(typeof value).toBe('boolean');
        if (p.type === 'MultiValued') expect(Array.isArray(value)).toBe(true);
        if (p.type === 'Int32') expect(Number.isInteger(value)).toBe(true);
        if (p.minimum !== undefined) expect(value as number).toBeGreaterThanOrEqual(p.minimum);
        if (p.maximum !== undefined) expect(value as number).toBeLessThanOrEqual(p.maximum);
        if (p.maxLength !== undefined) expect(String(value).length).toBeLessThanOrEqual(p.maxLength);
        // what New sets, Set can change (rules: Enabled goes through Enable-/Disable-TransportRule)
        if (!(o.kind === 'TransportRule' && name === 'Enabled')) {
          expect({ cmdlet: `Set-${o.kind}`, name, settable: EXO_CATALOGUE[`Set-${o.kind}`].parameters[name] !== undefined }).toEqual({ cmdlet: `Set-${o.kind}`, name, settable: true });
        }
      }
      for (const r of spec.required) expect(Object.keys(o.parameters)).toContain(r);
    }
  });
});
