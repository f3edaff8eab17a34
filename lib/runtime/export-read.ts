/**
 * One tenant of `exo-gateway export`: the access and the document its session is opened with,
 * reading it (only Get-* cmdlets: the accepted domains, connectors and rules; nothing is changed),
 * then recognising its gateway layout (lib/core/export/recognise.ts) and reviewing the first
 * converge of the entry (lib/core/export/review.ts). The run over the whole list is export-run.ts.
 */
import * as path from 'node:path';
import { Recognition, recogniseTenant } from '../core/export/recognise';
import { ExportReview, reviewExport } from '../core/export/review';
import { ListedTenant } from '../core/export/tenant-list';
import { DOCUMENT_SCHEMA, ExchangeAccessReference, MANAGED_MARKER, ObservedState, TenantDesiredState } from '../core/exo-model';
import { ConnectRetry, openWithRetry, SINGLE_ATTEMPT } from './connect';
import { readObservedState, SessionOpener } from './converge';
import { ConnectError, TenantMismatchError } from './errors';
import { exportedGatewayModel, exportedTenantDocument } from './export-model';
import { readKind } from './reads';

/** What reading one tenant gave. */
export interface ReadTenant {
  readonly observed: ObservedState;
  readonly acceptedDomains: string[];
}

/** The access reference of a listed tenant; a certificate file relative to the list is made absolute. */
export function listedAccessReference(t: ListedTenant, listDir: string): ExchangeAccessReference {
  const a = t.access;
  return {
    appId: a.appId,
    organization: t.initialDomain,
    ...(a.certificateFile !== undefined ? { certificateFile: path.resolve(listDir, a.certificateFile) } : {}),
    ...(a.certificateEnv !== undefined ? { certificateEnv: a.certificateEnv } : {}),
    ...(a.passwordEnv !== undefined ? { certificatePasswordEnv: a.passwordEnv } : {}),
    ...(t.transport === 'adminApi' ? { transport: 'adminApi' as const } : {}),
  };
}

/** The document the session opener is given for reading a tenant: its access, no object. */
export function probeDocument(t: ListedTenant, access: ExchangeAccessReference): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: { name: t.name, tenantId: t.tenantId, initialDomain: t.initialDomain, managedDomains: [] },
    access,
    marker: MANAGED_MARKER,
    retired: false,
    adoptExisting: true,
    rulePlacement: 'Top',
    objects: [],
  };
}

/** Connects, checks the tenant id, reads the accepted domains, connectors and rules; changes nothing. */
export async function readTenant(doc: TenantDesiredState, open: SessionOpener, retry: ConnectRetry = SINGLE_ATTEMPT): Promise<ReadTenant> {
  const name = doc.tenant.name;
  const organization = doc.access.organization;
  const session = await openWithRetry(open, doc, retry, () => undefined);
  try {
    if (session.hello.type !== 'ready') throw new ConnectError(name, organization, session.hello.error?.message ?? 'the session did not say why');
    const connected = (session.hello.tenantId ?? '').toLowerCase();
    if (!connected) throw new ConnectError(name, organization, 'the session did not report the connected tenant id');
    if (connected !== doc.tenant.tenantId.toLowerCase()) {
      throw new TenantMismatchError(name, `connected to tenant id '${connected}' but the listed tenant id is '${doc.tenant.tenantId}' (organization ${organization}); correct the tenant list`);
    }
    const domains = await readKind((c, p) => session.read(c, p), 'AcceptedDomain');
    if (!domains.objects) throw new ConnectError(name, organization, `${domains.cmdlet} failed: ${domains.failure?.error?.message}`);
    const acceptedDomains = domains.objects.map((d) => String(d.DomainName ?? d.Name ?? '').toLowerCase()).filter((d) => d !== '');
    const observed = await readObservedState(session, name, organization);
    return { observed, acceptedDomains };
  } finally {
    await session.close();
  }
}

/** Recognition and review of one tenant that was read. */
export function exportTenant(t: ListedTenant, access: ExchangeAccessReference, read: ReadTenant): { recognition: Recognition; review?: ExportReview } {
  const recognition = recogniseTenant({ name: t.name, tenantId: t.tenantId, initialDomain: t.initialDomain, acceptedDomains: read.acceptedDomains, observed: read.observed, profile: t.profile });
  if (!recognition.entry || !recognition.gateway) return { recognition };
  const doc = exportedTenantDocument(t.name, recognition.entry, exportedGatewayModel(t.name, recognition.gateway), access);
  return { recognition, review: reviewExport(recognition, doc, read.observed, read.acceptedDomains) };
}
