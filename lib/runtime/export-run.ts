/**
 * The run of `exo-gateway export` over a tenant list: reads and recognises every tenant
 * (export-read.ts) with bounded concurrency, a tenant that fails reported as failed while the
 * others still run; makes the fleet file of the tenants it could map (certificate files relative
 * to the written file), and the report: per tenant its status, entry, notes, what was not mapped
 * and the plan of the first converge. Writes nothing; the command (export.ts) does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { customProfilesSnippet } from '../core/export/custom-snippet';
import { ExportedEntry, exportedCustomProfiles, exportedFleetYaml, exportedGateways } from '../core/export/fleet-yaml';
import { CustomProfileFields } from '../core/custom-profile-model';
import { ObjectRef } from '../core/export/layouts';
import { Recognition, UnmappedObject } from '../core/export/recognise';
import { ExportReview } from '../core/export/review';
import { ListedAccess, parseTenantList } from '../core/export/tenant-list';
import { TenantPlan } from '../core/exo-model';
import { ConnectRetry, SINGLE_ATTEMPT } from './connect';
import { SessionOpener } from './converge';
import { mapBounded } from './drift';
import { exportTenant, listedAccessReference, probeDocument, readTenant } from './export-read';

/** Identifies the JSON report of export. */
export const EXPORT_REPORT_SCHEMA = 'cdktf-exo-gateway/export-report@1';

/** What export found in one tenant. */
export interface TenantExport {
  readonly tenant: string;
  readonly tenantId: string;
  readonly organization: string;
  /** exported: an entry was written; notMapped: its layout is not supported (reported, not written); failed: it could not be read. */
  readonly status: 'exported' | 'notMapped' | 'failed';
  readonly layout?: string;
  /** The gateway entry's name in the written file. */
  readonly gateway?: string;
  readonly entry?: Recognition['entry'];
  readonly notes: string[];
  readonly unmapped: UnmappedObject[];
  readonly claims: ObjectRef[];
  readonly plan?: TenantPlan;
  readonly planText: string[];
  readonly error?: string;
}

/** The report of one export run. */
export interface ExportReport {
  readonly schema: string;
  readonly generatedAt: string;
  /** The fleet file written, when any tenant was exported. */
  readonly fleetFile?: string;
  /** The TypeScript file with the custom gateways' profiles, written when a custom layout was exported. */
  readonly customProfileFile?: string;
  /** The options of GatewayProfile.custom of each custom gateway of the fleet file, by gateway name. */
  readonly customProfiles?: { readonly [gateway: string]: CustomProfileFields };
  readonly summary: { readonly tenants: number; readonly exported: number; readonly notMapped: number; readonly failed: number; readonly unmappedObjects: number; readonly steps: number };
  readonly tenants: TenantExport[];
}

/** A certificate file path of the list, relative to the written file's folder. */
function accessFor(a: ListedAccess | undefined, listDir: string, outDir: string): ListedAccess | undefined {
  if (!a || a.certificateFile === undefined || path.isAbsolute(a.certificateFile)) return a;
  return { ...a, certificateFile: path.relative(outDir, path.resolve(listDir, a.certificateFile)) || '.' };
}

/** The custom profiles' TypeScript file next to the fleet file `out`: its name without .yaml/.yml/.json, then .custom-profile.ts. */
export function customProfileFile(out: string): string {
  return `${out.replace(/\.(ya?ml|json)$/i, '')}.custom-profile.ts`;
}

/** Reads every tenant of the list; a tenant that fails is reported as failed, the others still run. */
export async function exportTenants(
  listFile: string,
  outFile: string,
  open: SessionOpener,
  options: { concurrency?: number; retry?: ConnectRetry; progress?: (done: number, failed: number) => void; now?: Date; text?: string } = {},
): Promise<{ report: ExportReport; yaml?: string; snippet?: string }> {
  const list = parseTenantList(listFile, options.text ?? fs.readFileSync(listFile, 'utf8'));
  const listDir = path.dirname(path.resolve(listFile));
  const outDir = path.dirname(path.resolve(outFile));
  let done = 0;
  let failed = 0;
  const results = await mapBounded(list.tenants, options.concurrency ?? 10, async (t) => {
    const access = listedAccessReference(t, listDir);
    const base = { tenant: t.name, tenantId: t.tenantId, organization: t.initialDomain };
    let result: { base: typeof base; recognition?: Recognition; review?: ExportReview; error?: string };
    try {
      const read = await readTenant(probeDocument(t, access), open, options.retry ?? SINGLE_ATTEMPT);
      result = { base, ...exportTenant(t, access, read) };
    } catch (e) {
      failed++;
      result = { base, error: (e as Error).message };
    }
    done++;
    options.progress?.(done, failed);
    return { t, ...result };
  });
  const entries: ExportedEntry[] = results
    .filter((r) => r.recognition?.entry && r.recognition.gateway)
    .map((r) => ({
      name: r.t.name,
      gateway: r.recognition!.gateway!,
      entry: r.recognition!.entry!,
      ...(r.t.ownAccess ? { access: accessFor(r.t.access, listDir, outDir) } : {}),
      ...(r.t.transport ? { transport: r.t.transport } : {}),
    }));
  const yaml = entries.length ? exportedFleetYaml(entries, { access: accessFor(list.defaults.access, listDir, outDir) }) : undefined;
  const gatewayOf = exportedGateways(entries).gatewayOf;
  const custom = exportedCustomProfiles(entries);
  const snippetFile = customProfileFile(outFile);
  const snippet = custom.length ? customProfilesSnippet(custom, path.basename(outFile)) : undefined;
  const tenants: TenantExport[] = results.map((r): TenantExport => {
    if (r.error !== undefined) return { ...r.base, status: 'failed', notes: [], unmapped: [], claims: [], planText: [], error: r.error };
    const rec = r.recognition!;
    const unmapped = [...rec.unmapped, ...(r.review?.undeclared ?? [])];
    return {
      ...r.base,
      status: rec.entry ? 'exported' : 'notMapped',
      ...(rec.layout ? { layout: rec.layout } : {}),
      ...(gatewayOf.has(r.t.name) ? { gateway: gatewayOf.get(r.t.name) } : {}),
      ...(rec.entry ? { entry: rec.entry } : {}),
      notes: rec.unsupported ? [`not exported: ${rec.unsupported}`, ...rec.notes] : rec.notes,
      unmapped,
      claims: r.review?.claims ?? [],
      ...(r.review ? { plan: r.review.plan } : {}),
      planText: r.review?.lines ?? [],
    };
  });
  const report: ExportReport = {
    schema: EXPORT_REPORT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...(yaml ? { fleetFile: outFile } : {}),
    ...(snippet ? { customProfileFile: snippetFile, customProfiles: Object.fromEntries(custom) } : {}),
    summary: {
      tenants: tenants.length,
      exported: tenants.filter((t) => t.status === 'exported').length,
      notMapped: tenants.filter((t) => t.status === 'notMapped').length,
      failed: tenants.filter((t) => t.status === 'failed').length,
      unmappedObjects: tenants.reduce((n, t) => n + t.unmapped.length, 0),
      steps: tenants.reduce((n, t) => n + (t.plan?.steps.length ?? 0), 0),
    },
    tenants,
  };
  return { report, yaml, snippet };
}
