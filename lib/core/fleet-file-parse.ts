/**
 * Reads and validates a fleet file (YAML 1.2 or JSON) against its one description
 * (fleet-file-schema.ts). Every problem is reported with file:line:column and, inside a tenant,
 * the tenant's name; all problems of a file are reported together. Anchors, aliases and explicit
 * tags are refused (they let a reviewed line stand for content written elsewhere, and aliases are
 * how a YAML bomb multiplies), so the file says exactly what it declares. The file is never
 * turned into a JavaScript value with alias expansion: the syntax tree is walked once, which keeps
 * time and memory bounded by the file's size, itself limited to MAX_FILE_BYTES.
 */
import { Document, LineCounter, Node, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { libraryError, ERRORS } from './errors';
import { FLEET_FILE, Field, FieldType, PROFILES } from './fleet-file-schema';
import { suggestion } from './did-you-mean';

/** One problem of a fleet file. */
export interface FleetFileProblem {
  readonly line: number;
  readonly column: number;
  readonly tenant?: string;
  readonly message: string;
}

/** A validated entry of gateways: or tenants:, with where it starts. */
export interface FleetFileEntry {
  readonly name: string;
  /** `file:line:column` of the entry's name. */
  readonly at: string;
  readonly value: any;
}

/** A validated fleet file. */
export interface FleetFileData {
  readonly file: string;
  readonly shardCount?: number;
  readonly stackIdPrefix?: string;
  readonly gateways: FleetFileEntry[];
  readonly defaults: any;
  readonly tenants: FleetFileEntry[];
}

/** The error thrown for a fleet file with problems: EXG013 and one line per problem. */
export function fleetFileError(file: string, problems: readonly FleetFileProblem[]): Error {
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
  const lines = sorted.map((p) => `  ${file}:${p.line}:${p.column}: ${p.tenant ? `tenant ${p.tenant}: ` : ''}${p.message}`);
  return libraryError(ERRORS.FLEET_FILE, `fleet file ${file} has ${sorted.length} problem${sorted.length === 1 ? '' : 's'}; fix each line and synthesize again:\n${lines.join('\n')}`);
}

function describe(t: FieldType): string {
  switch (t.kind) {
    case 'string': return t.values ? `one of ${t.values.map((v) => `"${v}"`).join(', ')}` : 'a string';
    case 'boolean': return 'true or false';
    case 'integer': return `a whole number from ${t.minimum} to ${t.maximum}`;
    case 'list': return 'a list';
    case 'object': return `a mapping of ${Object.keys(t.fields).join(', ')}`;
    case 'map': return 'a mapping of names to entries';
  }
}

/** Where each mapping the reader returned starts in the text (see {@link offsetOf}). */
const valueOffsets = new WeakMap<object, number>();

/** The offset of the text where a mapping read from a fleet file starts; undefined for other values. */
export function offsetOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? valueOffsets.get(value) : undefined;
}

/** A field's name in a message; the top level (field '') in words. */
function named(field: string): string {
  return field === '' ? 'the top level' : field;
}

class Reader {
  public readonly problems: FleetFileProblem[] = [];
  /** The fields that are present with a value that was refused (its problem is recorded). */
  public readonly refused = new Set<string>();
  constructor(private readonly lines: LineCounter) {}

  public at(offset: number | undefined): { line: number; column: number } {
    const p = this.lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  }

  public problem(offset: number | undefined, tenant: string | undefined, message: string): void {
    this.problems.push({ ...this.at(offset), tenant, message });
  }

  /** The value of `node` checked against `type`; undefined when it does not match (problem recorded). */
  public read(node: unknown, type: FieldType, field: string, tenant: string | undefined, parentOffset: number | undefined): any {
    const value = this.readNode(node, type, field, tenant, parentOffset);
    if (value === undefined) this.refused.add(field);
    return value;
  }

  private readNode(node: unknown, type: FieldType, field: string, tenant: string | undefined, parentOffset: number | undefined): any {
    if (node === null || node === undefined) {
      this.problem(parentOffset, tenant, field === '' ? `the file is empty (no content, or only comments); expected ${describe(type)}.` : `${field} has no value; expected ${describe(type)}.`);
      return undefined;
    }
    const n = node as Node;
    const offset = n.range?.[0] ?? parentOffset;
    if (isAlias(n)) {
      this.problem(offset, tenant, `${named(field)} is an alias (*${n.source}); aliases and anchors are not accepted in a fleet file, write the value out.`);
      return undefined;
    }
    if (n.anchor) {
      this.problem(offset, tenant, `${named(field)} carries the anchor &${n.anchor}; anchors and aliases are not accepted in a fleet file, write the value out.`);
    }
    if (n.tag) {
      this.problem(offset, tenant, `${named(field)} carries the tag ${n.tag}; tags are not accepted in a fleet file, write a plain value.`);
      return undefined;
    }
    switch (type.kind) {
      case 'string': case 'boolean': case 'integer': {
        if (!isScalar(n)) return this.wrong(offset, tenant, field, type, 'a ' + (isMap(n) ? 'mapping' : 'list'));
        const v = n.value;
        if (type.kind === 'boolean') return typeof v === 'boolean' ? v : this.wrong(offset, tenant, field, type, JSON.stringify(v));
        if (type.kind === 'integer') {
          return typeof v === 'number' && Number.isInteger(v) && v >= type.minimum && v <= type.maximum ? v : this.wrong(offset, tenant, field, type, JSON.stringify(v));
        }
        if (typeof v !== 'string') return this.wrong(offset, tenant, field, type, `${JSON.stringify(v)} (not a string; quote it)`);
        if (type.values && !type.values.includes(v)) {
          this.problem(offset, tenant, `${named(field)} is "${v}"; expected ${describe(type)}.${suggestion(v, [...type.values])}`);
          return undefined;
        }
        if (type.maxLength !== undefined && v.length > type.maxLength) return this.wrong(offset, tenant, field, type, `a string of ${v.length} characters (at most ${type.maxLength})`);
        if (type.pattern && !new RegExp(type.pattern).test(v)) {
          this.problem(offset, tenant, `${named(field)} is "${v.length > 80 ? v.slice(0, 80) + '…' : v}"; expected ${type.patternHint}.`);
          return undefined;
        }
        return v;
      }
      case 'list': {
        if (!isSeq(n)) return this.wrong(offset, tenant, field, type, isMap(n) ? 'a mapping' : 'a single value');
        if (n.items.length > type.maxItems) return this.wrong(offset, tenant, field, type, `${n.items.length} items (at most ${type.maxItems})`);
        return n.items.map((item, i) => this.read(item, type.items, `${field}[${i}]`, tenant, offset));
      }
      case 'object': case 'map': {
        if (!isMap(n)) return this.wrong(offset, tenant, field, type, isSeq(n) ? 'a list' : 'a single value');
        if (type.kind === 'map' && n.items.length > type.maxEntries) return this.wrong(offset, tenant, field, type, `${n.items.length} entries (at most ${type.maxEntries})`);
        const out: Record<string, any> = {};
        const seen = new Set<string>();
        for (const pair of n.items) {
          const k = pair.key as Node | null;
          const kOffset = k?.range?.[0] ?? offset;
          if (!isScalar(k) || typeof k.value !== 'string' || k.tag || k.anchor) {
            this.problem(kOffset, tenant, `${named(field)} has a key that is not a plain name; write a plain name.`);
            continue;
          }
          const key = k.value;
          if (type.kind === 'map') {
            if (!new RegExp(type.keyPattern).test(key)) { this.problem(kOffset, tenant, `${field} entry "${key}" is not a valid name; use ${type.keyHint}.`); continue; }
            if (seen.has(key.toLowerCase())) { this.problem(kOffset, tenant, `${field} entry "${key}" is declared twice (names are compared without case); keep one.`); continue; }
            seen.add(key.toLowerCase());
            const entryTenant = field === 'tenants' ? key : tenant;
            const value = this.read(pair.value, type.values, `${field}.${key}`, entryTenant, kOffset);
            out[key] = { value, offset: kOffset };
            continue;
          }
          const f: Field | undefined = type.fields[key];
          if (!f) { this.problem(kOffset, tenant, `unknown field "${key}" ${field === '' ? 'at the top level' : `in ${field}`}.${suggestion(key, Object.keys(type.fields))}`); continue; }
          const v = this.read(pair.value, f.type, `${field === '' ? '' : field + '.'}${key}`.replace(/^\./, ''), tenant, kOffset);
          if (v !== undefined) out[key] = v;
          seen.add(key);
        }
        if (type.kind === 'object') {
          for (const [k, f] of Object.entries(type.fields)) {
            if (f.required && !seen.has(k)) this.problem(offset, tenant, `${field === '' ? 'the file' : field} has no ${k}; it is required (${f.doc})`);
          }
          if (offset !== undefined) valueOffsets.set(out, offset);
        }
        return out;
      }
    }
  }

  private wrong(offset: number | undefined, tenant: string | undefined, field: string, type: FieldType, got: string): undefined {
    this.problem(offset, tenant, `${named(field)} is ${got}; expected ${describe(type)}.`);
    return undefined;
  }
}

function normalDomain(d: string): string {
  return d.toLowerCase().replace(/\.$/, '');
}

/** Records a problem at an offset of the text, for a tenant. */
type Problem = (offset: number, tenant: string | undefined, message: string) => void;

/**
 * Checks what one field cannot: choices between fields, references, duplicates across tenants.
 * `refused` holds the fields present with a refused value, which are not reported missing.
 */
function crossCheck(problem: Problem, top: any, refused: ReadonlySet<string>): void {
  const r = { problem };
  const gateways: Record<string, { value: any; offset: number }> = top.gateways ?? {};
  const gatewayNames = Object.keys(gateways);
  for (const [name, { value: g, offset }] of Object.entries(gateways)) {
    if (!g) continue;
    const where = `gateways.${name}`;
    const options: Record<string, string> = { seppmailCloud: 'seppmail-cloud', noSpamProxy: 'nospamproxy', ftapi: 'ftapi' };
    for (const [key, profile] of Object.entries(options)) {
      if (g[key] !== undefined && g.profile !== undefined && g.profile !== profile) r.problem(offset, undefined, `${where}.${key} is given for profile "${g.profile}"; it belongs to profile "${profile}" only. Remove it or change the profile.`);
    }
    if (g.profile === 'seppmail-cloud' && g.seppmailCloud === undefined && !refused.has(`${where}.seppmailCloud`)) r.problem(offset, undefined, `${where} has profile seppmail-cloud but no seppmailCloud (region and routing); add it.`);
    if (g.profile !== undefined && g.profile !== 'seppmail-cloud' && g.fqdn === undefined && !refused.has(`${where}.fqdn`)) r.problem(offset, undefined, `${where} has no fqdn; profile ${g.profile} needs the gateway's public DNS name.`);
  }
  checkAccess(r, top.defaults?.access, 'defaults.access', undefined, offsetOf(top.defaults) ?? 0);
  const ids = new Map<string, string>();
  const domains = new Map<string, string>();
  for (const [name, { value: t, offset }] of Object.entries<{ value: any; offset: number }>(top.tenants ?? {})) {
    if (!t) continue;
    if (t.gateway !== undefined && !gatewayNames.includes(t.gateway)) r.problem(offset, name, `gateway "${t.gateway}" is not declared under gateways: (${gatewayNames.join(', ') || 'none'}).${suggestion(t.gateway, gatewayNames)}`);
    if (t.gateway === undefined && gatewayNames.length > 1) r.problem(offset, name, `has no gateway, and the file declares ${gatewayNames.length}; name one of ${gatewayNames.join(', ')}.`);
    if (t.access === undefined && top.defaults?.access === undefined && !refused.has(`tenants.${name}.access`) && !refused.has('defaults.access')) r.problem(offset, name, 'has no access and the file has no defaults.access; give one of them (appId and certificateFile or certificateEnv).');
    checkAccess(r, t.access, 'access', name, offset);
    const c = t.cbcCertificate;
    if (c) {
      if ((c.pemFile === undefined) === (c.pfxFile === undefined)) r.problem(offset, name, 'cbcCertificate needs exactly one of pemFile and pfxFile.');
      if (c.keyFile !== undefined && c.pemFile === undefined) r.problem(offset, name, 'cbcCertificate.keyFile goes with pemFile only.');
      if (c.passwordEnv !== undefined && c.pfxFile === undefined) r.problem(offset, name, 'cbcCertificate.passwordEnv goes with pfxFile only.');
    }
    if (t.shard !== undefined) {
      if (top.shardCount === undefined) r.problem(offset, name, `shard ${t.shard} is pinned, but the file has no shardCount; set shardCount or remove the pin.`);
      else if (t.shard >= top.shardCount) r.problem(offset, name, `shard ${t.shard} does not exist: shardCount is ${top.shardCount}, so shards are 0 … ${top.shardCount - 1}.`);
    }
    if (typeof t.tenantId === 'string') {
      const other = ids.get(t.tenantId.toLowerCase());
      if (other) r.problem(offset, name, `tenantId ${t.tenantId} is also the tenantId of tenant ${other}; a tenant is declared once.`);
      else ids.set(t.tenantId.toLowerCase(), name);
    }
    for (const d of (t.domains ?? []).filter((x: unknown) => typeof x === 'string')) {
      const other = domains.get(normalDomain(d));
      if (other) r.problem(offset, name, `domain ${d} is also declared ${other === name ? 'earlier in this tenant' : `by tenant ${other}`}; a domain belongs to one tenant, once.`);
      else domains.set(normalDomain(d), name);
    }
  }
}

/**
 * Access needs exactly one of certificateFile and certificateEnv (also used by the export tenant
 * list). Reported where the access mapping starts; `offset` when that is not known.
 */
export function checkAccess(r: { problem: Problem }, a: any, field: string, tenant: string | undefined, offset: number): void {
  if (!a) return;
  if ((a.certificateFile === undefined) === (a.certificateEnv === undefined)) r.problem(offsetOf(a) ?? offset, tenant, `${field} needs exactly one of certificateFile and certificateEnv.`);
}

/** What {@link parseCheckedYaml} gives: the checked value, and where an offset of the text is. */
export interface CheckedYaml {
  /** The value; each entry of a `map` field is `{ value, offset }`. */
  readonly top: any;
  /** `file:line:column` of an offset of the text. */
  readonly where: (offset: number) => string;
}

/**
 * Parses `text` (the content of `file`) and checks it against `type`, the way the fleet file is
 * read: plain YAML 1.2 or JSON, no anchors, aliases or tags, every problem with line and column.
 * `crossCheck` adds the problems no single field can show. Throws EXG013 with every problem.
 */
export function parseCheckedYaml(file: string, text: string, type: FieldType, crossCheck?: (top: any, problem: Problem, refused: ReadonlySet<string>) => void): CheckedYaml {
  const lines = new LineCounter();
  const reader = new Reader(lines);
  let doc: Document.Parsed | undefined;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, strict: true, version: '1.2', schema: 'core', merge: false });
  } catch (e) {
    throw fleetFileError(file, [{ line: 1, column: 1, message: `cannot be parsed: ${(e as Error).message.split('\n')[0]}` }]);
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    const message = e.code === 'DUPLICATE_KEY' ? 'a key is declared twice in the same mapping (duplicate tenant, gateway or field); keep one.' : `${e.message.split('\n')[0]} (${e.code})`;
    reader.problems.push({ line: pos.line, column: pos.col, message });
  }
  if (reader.problems.length > 0) throw fleetFileError(file, reader.problems);
  const top = reader.read(doc.contents, type, '', undefined, 0);
  if (top && crossCheck) crossCheck(top, (offset, tenant, message) => reader.problem(offset, tenant, message), reader.refused);
  if (reader.problems.length > 0) throw fleetFileError(file, reader.problems);
  return { top, where: (offset: number): string => { const p = reader.at(offset); return `${file}:${p.line}:${p.column}`; } };
}

/** Reads `text` (the content of `file`) as a fleet file; throws EXG013 with every problem. */
export function parseFleetFileText(file: string, text: string): FleetFileData {
  const { top, where } = parseCheckedYaml(file, text, FLEET_FILE, (t, problem, refused) => crossCheck(problem, t, refused));
  const entries = (m: Record<string, { value: any; offset: number }>): FleetFileEntry[] => Object.entries(m).map(([name, e]) => ({ name, at: where(e.offset), value: e.value }));
  return { file, shardCount: top.shardCount, stackIdPrefix: top.stackIdPrefix, gateways: entries(top.gateways), defaults: top.defaults ?? {}, tenants: entries(top.tenants) };
}

/** The profile names of the file (for the construct's switch). */
export type ProfileName = typeof PROFILES[number];
