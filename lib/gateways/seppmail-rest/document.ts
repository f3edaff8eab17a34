/**
 * The SEPPmail REST document: built at synth from the common gateway document, parsed and
 * checked at apply time; the customers' marker comment; the certificate checklist (the one
 * step the API cannot do). No cdktf import; Node built-ins only.
 */
import { MANAGED_MARKER } from '../../core/exo-model';
import type { TenantModel } from '../../core/fleet';
import { GatewayDeploymentError } from '../document';
import { GATEWAY_DOCUMENT_SCHEMA, GatewayDocument } from '../types';
import { CUSTOMER_NAME_PATTERN, customerNameOf, SEPPMAIL_REST_KIND, SeppmailRestDocument, SeppmailRestSpec, SeppmailRestTenant } from './types';
import { isEnvName } from '../../core/env-name';
import { isGuid } from '../../core/names';

/** The GUI path where the per-domain TLS certificate is set (gateway-apis.md §1.1). */
export const CERTIFICATE_GUI_PATH = 'Mail System > Managed Domains > <domain> > TLS Settings';

/** An owner token: no white space (it is one word of the customer's comment). */
export function ownerToken(owner: string): string {
  return owner.trim().replace(/\s+/g, '_');
}

/** The comment of a customer the library manages: the marker, the owner, the tenant id. */
export function customerComment(owner: string, tenantId: string): string {
  return `${MANAGED_MARKER} owner=${ownerToken(owner)} tenant=${tenantId}`;
}

/** The owner named in a customer's comment, when the comment carries the marker; else undefined. */
export function markedOwner(comment: string | undefined): string | undefined {
  if (!comment || !comment.includes(MANAGED_MARKER)) return undefined;
  return /(?:^|\s)owner=(\S+)/.exec(comment)?.[1] ?? '';
}

/** The customer's description: which Microsoft 365 tenant it stands for. */
export function customerDescription(tenant: Pick<SeppmailRestTenant, 'initialDomain' | 'tenantId'>): string {
  return `Microsoft 365 tenant ${tenant.initialDomain} (${tenant.tenantId})`;
}

/**
 * The SEPPmail REST document from the common gateway document (built by buildGatewayDocument
 * with this deployment passed through): each tenant gets its customer name and CBC certificate
 * name, the deployment its resolved owner.
 */
export function seppmailRestDocument(base: Omit<GatewayDocument, 'deployment'>, spec: SeppmailRestSpec, tenants: readonly TenantModel[], defaultOwner: string): SeppmailRestDocument {
  const byKey = new Map(tenants.map((t) => [`${t.name}\u0000${t.tenantId.toLowerCase()}`, t] as const));
  return {
    schema: base.schema,
    gateway: base.gateway,
    deployment: { ...spec, owner: ownerToken(spec.owner ?? defaultOwner) },
    tenants: base.tenants.map((t) => ({
      ...t,
      customer: customerNameOf(spec.customerPrefix, t.name),
      cbcCertificateName: byKey.get(`${t.name}\u0000${t.tenantId}`)?.cbcCertificateName.toLowerCase() ?? '',
    })),
  };
}

/** True when the document's deployment is the SEPPmail REST API. */
export function isSeppmailRestDocument(doc: { deployment?: { kind?: string } }): doc is SeppmailRestDocument {
  return doc?.deployment?.kind === SEPPMAIL_REST_KIND;
}


/** Checks a parsed SEPPmail REST document; throws GatewayDeploymentError naming what is wrong. */
export function checkSeppmailRestDocument(doc: SeppmailRestDocument, where: string): SeppmailRestDocument {
  if (doc.schema !== GATEWAY_DOCUMENT_SCHEMA) {
    throw new GatewayDeploymentError(`${where} is not a gateway document of schema ${GATEWAY_DOCUMENT_SCHEMA} (found ${String(doc.schema)}); synthesize the stack with this version of the package`);
  }
  const d = doc.deployment;
  let url: URL;
  try {
    url = new URL(d.apiUrl);
  } catch {
    throw new GatewayDeploymentError(`${where}: apiUrl '${d.apiUrl}' is not a URL`);
  }
  if (url.protocol !== 'https:' || url.username || url.password) throw new GatewayDeploymentError(`${where}: apiUrl must be an https URL without credentials`);
  if (!isEnvName(d.tokenEnv) || !isEnvName(d.secretEnv)) throw new GatewayDeploymentError(`${where}: tokenEnv and secretEnv must be environment variable names`);
  if (d.caFile !== undefined && !d.caFile.startsWith('/')) throw new GatewayDeploymentError(`${where}: caFile must be an absolute path`);
  if (!d.owner || /\s/.test(d.owner)) throw new GatewayDeploymentError(`${where}: the deployment has no owner token`);
  if (!(d.timeoutMs > 0)) throw new GatewayDeploymentError(`${where}: timeoutMs must be positive`);
  if (!Array.isArray(doc.tenants)) throw new GatewayDeploymentError(`${where}: tenants is not a list`);
  const customers = new Set<string>();
  const domains = new Set<string>();
  for (const t of doc.tenants) {
    if (!CUSTOMER_NAME_PATTERN.test(t.customer ?? '')) throw new GatewayDeploymentError(`${where}: tenant '${t.name}' has no valid customer name ('${t.customer}'); see CBC033`);
    if (customers.has(t.customer.toLowerCase())) throw new GatewayDeploymentError(`${where}: two tenants share the customer name '${t.customer}'; see CBC033`);
    customers.add(t.customer.toLowerCase());
    if (!isGuid(t.tenantId)) throw new GatewayDeploymentError(`${where}: tenant '${t.name}' has no tenant id GUID`);
    if (!Array.isArray(t.managedDomains)) throw new GatewayDeploymentError(`${where}: tenant '${t.name}' has no list of managed domains`);
    if (t.managedDomains.length && !t.exoMxHost) throw new GatewayDeploymentError(`${where}: tenant '${t.name}' has no Exchange Online MX host`);
    for (const dom of t.managedDomains) {
      if (domains.has(dom)) throw new GatewayDeploymentError(`${where}: the managed domain ${dom} is declared twice; see CBC003`);
      domains.add(dom);
    }
  }
  return doc;
}

/** What the operator does by hand for one tenant: the API has no call for the per-domain TLS certificate. */
export interface CertificateChecklistItem {
  readonly tenant: string;
  readonly tenantId: string;
  readonly customer: string;
  /** The name the certificate must carry (CN or SAN): the tenant's CBC certificate name. */
  readonly certificateName: string;
  /** The certificate file on the runner, when declared as a file. */
  readonly certificateFile?: string;
  /** SHA-256 fingerprint of the leaf inspected at synth, when declared as a file. */
  readonly fingerprint?: string;
  /** Every managed domain of the tenant: each one needs the certificate. */
  readonly managedDomains: string[];
  /** Where in the appliance GUI. */
  readonly guiPath: string;
  /** The step as one sentence. */
  readonly step: string;
}

/** The certificate checklist of a SEPPmail REST document, one item per tenant with managed domains. */
export function certificateChecklist(doc: SeppmailRestDocument): CertificateChecklistItem[] {
  return doc.tenants
    .filter((t) => t.managedDomains.length > 0)
    .map((t) => {
      const file = t.certificate.file;
      const which = `the certificate issued to ${t.cbcCertificateName}${file ? ` (file ${file}${t.certificate.fingerprint ? `, SHA-256 ${t.certificate.fingerprint}` : ''})` : ''}`;
      const domains = t.managedDomains.join(', ');
      return {
        tenant: t.name,
        tenantId: t.tenantId,
        customer: t.customer,
        certificateName: t.cbcCertificateName,
        ...(file ? { certificateFile: file } : {}),
        ...(t.certificate.fingerprint ? { fingerprint: t.certificate.fingerprint } : {}),
        managedDomains: [...t.managedDomains],
        guiPath: CERTIFICATE_GUI_PATH,
        step:
          `In the SEPPmail appliance GUI, ${CERTIFICATE_GUI_PATH.replace('<domain>', t.managedDomains.length > 1 ? `each of ${domains}` : domains)}: ` +
          `import ${which}, the same certificate in every managed domain of tenant ${t.name} (customer ${t.customer}). ` +
          'No API call sets it: repeat this when the certificate is renewed or a managed domain is created again.',
      };
    });
}

/** Parses and checks a SEPPmail REST document (the deployment kind was peeked by the caller). */
export function parseSeppmailRestDocument(text: string | undefined, where: string): SeppmailRestDocument {
  if (text === undefined || text.trim() === '') throw new GatewayDeploymentError(`${where} is empty; the gateway step needs its gateway document`);
  let doc: SeppmailRestDocument;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new GatewayDeploymentError(`${where} is not JSON: ${(e as Error).message}`);
  }
  if (!isSeppmailRestDocument(doc)) throw new GatewayDeploymentError(`${where} is not a SEPPmail REST gateway document`);
  return checkSeppmailRestDocument(doc, where);
}

/** The deployment kind of a document text, or undefined when it cannot be read (the full parser reports why). */
export function deploymentKindOf(text: string | undefined): string | undefined {
  try {
    const kind = JSON.parse(text ?? '')?.deployment?.kind;
    return typeof kind === 'string' ? kind : undefined;
  } catch {
    return undefined;
  }
}
