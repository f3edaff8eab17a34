import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ExchangeTransport, NoSpamProxyOutboundRouting, RulePlacement, SeppmailCloudRegion, SeppmailCloudRouting } from '../core/enums';
import { libraryError, ERRORS } from '../core/errors';
import { FleetFileData } from '../core/fleet-file-parse';
import { readFleetFile } from '../core/fleet-file-read';
import { CertificateSource } from './certificate-source';
import { ExchangeAccess } from './exchange-access';
import { FleetShards } from './fleet-shards';
import { GatewayProfile } from './gateway-profile';
import { MailGateway } from './mail-gateway';
import { recordFilePlace } from './private/file-places';
import { TenantGateway } from './tenant-gateway';

/** Properties of a {@link FleetFile}. */
export interface FleetFileProps {
  /**
   * Path of the fleet file (`fleet.yaml`, or `.json`), relative to the working folder. File paths
   * inside it (certificate files) are relative to the fleet file's folder. The format is
   * described by schema/fleet.schema.json and docs/fleet-file.md.
   */
  readonly path: string;
  /**
   * Split the tenants into this many stacks with {@link FleetShards}; overrides the file's
   * `shardCount`. With neither, the FleetFile must be declared inside a stack, which then holds
   * every gateway and tenant.
   * @default - the file's shardCount, else no sharding
   */
  readonly shardCount?: number;
  /**
   * Prefix of the shard stacks' ids; overrides the file's `stackIdPrefix`.
   * @default - the file's stackIdPrefix, else 'exo-gateway'
   */
  readonly stackIdPrefix?: string;
  /**
   * Profiles built in code for gateways of the file, by gateway name: `GatewayProfile.custom(...)`
   * for a gateway whose entry says `profile: custom`, or a profile with a gateway deployment
   * (`GatewayProfile.postfix({ deployment })`, `GatewayProfile.seppmailAppliance({ deployment })`)
   * for a gateway of that product. The file still names the product, so a reviewer sees it; the
   * two must agree. A gateway deployment writes the gateway's whole set of tenants, so it is
   * refused in a sharded fleet (each shard holds part of them).
   * @default - every gateway's profile from the file
   */
  readonly gatewayProfiles?: { [gatewayName: string]: GatewayProfile };
}

/**
 * A fleet declared as a data file (`fleet.yaml`): builds the same constructs a TypeScript program
 * would write ({@link MailGateway}, {@link TenantGateway} with its managed domains and
 * {@link CbcConnector} options, {@link FleetShards} when sharded), so a customer is added by a
 * pull request of a few reviewed lines. The file is validated as a whole: every problem is
 * reported at once with file:line:column and the tenant (error EXG013). Code stays the way to
 * customise: {@link FleetFile.tenant} returns a tenant's construct for further changes.
 *
 * Placement: sharded, the shard stacks are created in the FleetFile's scope (declare it on the
 * App) and each stack gets every gateway and its tenants, as in a hand-written sharded fleet;
 * unsharded, the gateways and tenants are created in the FleetFile's scope (declare it in a
 * stack), with their names from the file as construct ids.
 */
export class FleetFile extends Construct {
  /** The shard stacks, or the one stack holding the fleet when it is not sharded. */
  public readonly stacks: TerraformStack[];
  /** The tenants' names as the file declares them, in file order. */
  public readonly tenantNames: string[];
  /** The gateways' names as the file declares them, in file order. */
  public readonly gatewayNames: string[];
  /** The shards, when the fleet is sharded. */
  public readonly shards?: FleetShards;
  private readonly tenantsByName = new Map<string, TenantGateway>();
  private readonly gatewaysByStack: Map<string, MailGateway>[];

  constructor(scope: Construct, id: string, props: FleetFileProps) {
    super(scope, id);
    const data = readFleetFile(props.path);
    const base = path.dirname(props.path);
    // Paths in the file are relative to it; they are passed on relative to the working folder,
    // so the synthesized documents do not depend on where the repository is checked out.
    const file = (p: string): string => (path.isAbsolute(p) ? p : path.relative(process.cwd(), path.resolve(base, p)) || '.');
    const shardCount = props.shardCount ?? data.shardCount;
    if (props.shardCount !== undefined) {
      const pinned = data.tenants.find((t) => t.value.shard !== undefined && t.value.shard >= props.shardCount!);
      if (pinned) throw withPlace(pinned.at, pinned.name, new Error(`the pin shard ${pinned.value.shard} does not exist with shardCount ${props.shardCount} (FleetFile props); pin to 0 … ${props.shardCount - 1}.`));
    }
    if (shardCount !== undefined) {
      this.shards = new FleetShards(scope, `${id}Shards`, { shardCount, stackIdPrefix: props.stackIdPrefix ?? data.stackIdPrefix });
      this.stacks = this.shards.stacks;
    } else {
      this.stacks = [stackOf(this, props.path)];
    }
    this.gatewayNames = data.gateways.map((g) => g.name);
    this.tenantNames = data.tenants.map((t) => t.name);
    const inCode = props.gatewayProfiles ?? {};
    for (const [name, profile] of Object.entries(inCode)) {
      // undefined is as if the name were left out; anything else must be a profile.
      if (profile !== undefined && typeof (profile as { _settings?: unknown } | null)?._settings !== 'function') {
        throw libraryError(ERRORS.FLEET_FILE, `FleetFile at ${this.node.path}: gatewayProfiles.${name} is ${profile === null ? 'null' : 'not a GatewayProfile'}; give a GatewayProfile (GatewayProfile.custom(...), GatewayProfile.postfix({ deployment }), ...) or leave ${name} out to use the file's profile.`);
      }
    }
    const unknown = Object.keys(inCode).filter((n) => !this.gatewayNames.includes(n));
    if (unknown.length > 0) {
      throw libraryError(ERRORS.FLEET_FILE, `FleetFile at ${this.node.path}: gatewayProfiles names ${unknown.join(', ')}, which ${props.path} does not declare (its gateways: ${this.gatewayNames.join(', ')}).`);
    }
    const profiles = new Map(data.gateways.map((g) => {
      try {
        return [g.name, profileFor(g.value, inCode[g.name], shardCount !== undefined)] as const;
      } catch (e) {
        throw withPlace(g.at, undefined, e as Error);
      }
    }));
    this.gatewaysByStack = this.stacks.map((stack) => new Map(data.gateways.map((g) => {
      const at = shardCount !== undefined ? stack : scope;
      try {
        const gateway = new MailGateway(at, g.name, gatewayProps(g.value, profiles.get(g.name)!));
        recordFilePlace(gateway, `${g.at}: gateway ${g.name}`);
        return [g.name, gateway];
      } catch (e) {
        throw withPlace(g.at, undefined, e as Error);
      }
    })));
    for (const t of data.tenants) {
      try {
        const tenant = this.declareTenant(data, t.name, t.value, file, scope);
        // Its domains and connector are below it: their findings name this entry too.
        recordFilePlace(tenant, `${t.at}: tenant ${t.name}`);
        this.tenantsByName.set(t.name, tenant);
      } catch (e) {
        throw withPlace(t.at, t.name, e as Error);
      }
    }
  }

  /** The tenant the file declares under `name`, to adjust it in code. */
  public tenant(name: string): TenantGateway {
    const t = this.tenantsByName.get(name);
    if (!t) throw libraryError(ERRORS.FLEET_FILE, `FleetFile at ${this.node.path}: no tenant named ${name}; the file declares ${this.tenantNames.length} tenants (see tenantNames).`);
    return t;
  }

  /** All tenants, in file order. */
  public get tenants(): TenantGateway[] {
    return this.tenantNames.map((n) => this.tenantsByName.get(n)!);
  }

  /** The gateway the file declares under `name`, in shard `shard` (0 when not sharded). */
  public gateway(name: string, shard?: number): MailGateway {
    const g = this.gatewaysByStack[shard ?? 0]?.get(name);
    if (!g) throw libraryError(ERRORS.FLEET_FILE, `FleetFile at ${this.node.path}: no gateway named ${name} in shard ${shard ?? 0}; the file declares ${this.gatewayNames.join(', ')} and there are ${this.stacks.length} stacks.`);
    return g;
  }

  private declareTenant(data: FleetFileData, name: string, t: any, file: (p: string) => string, scope: Construct): TenantGateway {
    const stack = this.shards ? this.shards.stackFor(t.tenantId, t.shard) : undefined;
    const index = stack ? this.stacks.indexOf(stack) : 0;
    const gateway = this.gatewaysByStack[index].get(t.gateway ?? data.gateways[0].name)!;
    const a = t.access ?? data.defaults.access;
    const password = a.passwordEnv === undefined ? {} : { passwordEnv: a.passwordEnv };
    const access = a.certificateFile !== undefined ? ExchangeAccess.certificateFile(a.appId, file(a.certificateFile), password) : ExchangeAccess.certificateFromEnvironment(a.appId, a.certificateEnv, password);
    const c = t.cbcCertificate;
    const cbcCertificate = c === undefined ? undefined
      : c.pemFile !== undefined ? CertificateSource.fromPemFile(file(c.pemFile), c.keyFile === undefined ? {} : { keyFile: file(c.keyFile) })
        : CertificateSource.fromPfxFile(file(c.pfxFile), c.passwordEnv === undefined ? {} : { passwordEnv: c.passwordEnv });
    const tenant = new TenantGateway(stack ?? scope, name, {
      gateway,
      tenantId: t.tenantId,
      initialDomain: t.initialDomain,
      access,
      ...(t.cbcCertificateName !== undefined ? { cbcCertificateName: t.cbcCertificateName } : {}),
      ...(cbcCertificate ? { cbcCertificate } : {}),
      ...(t.exoMxHost !== undefined ? { exoMxHost: t.exoMxHost } : {}),
      ...(t.transport !== undefined ? { transport: t.transport as ExchangeTransport } : {}),
      ...(t.retired !== undefined ? { retired: t.retired } : {}),
      ...(t.adoptExisting !== undefined ? { adoptExisting: t.adoptExisting } : {}),
    });
    (t.domains ?? []).forEach((domain: string, i: number) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
    if (t.connector) {
      tenant.addCbcConnector('Connector', {
        ...(t.connector.rulesEnabled !== undefined ? { rulesEnabled: t.connector.rulesEnabled } : {}),
        ...(t.connector.rulePlacement !== undefined ? { rulePlacement: t.connector.rulePlacement as RulePlacement } : {}),
        ...(t.connector.strict !== undefined ? { strict: t.connector.strict } : {}),
        ...(t.connector.cryptoContentOnly !== undefined ? { cryptoContentOnly: t.connector.cryptoContentOnly } : {}),
        ...(t.connector.inboundConnectorName !== undefined ? { inboundConnectorName: t.connector.inboundConnectorName } : {}),
        ...(t.connector.outboundConnectorName !== undefined ? { outboundConnectorName: t.connector.outboundConnectorName } : {}),
      });
    }
    return tenant;
  }
}

/** The stack an unsharded FleetFile is declared in; EXG013 when it is not inside one. */
function stackOf(fleet: Construct, file: string): TerraformStack {
  try {
    return TerraformStack.of(fleet);
  } catch {
    throw libraryError(ERRORS.FLEET_FILE, `FleetFile at ${fleet.node.path}: ${file} has no shardCount and the FleetFile is not inside a TerraformStack, so its gateways and tenants have no stack. Declare it in a stack (new FleetFile(stack, ...)), or give shardCount (in the file or the props) to create shard stacks in its scope.`);
  }
}

function gatewayProps(g: any, profile: GatewayProfile): ConstructorParameters<typeof MailGateway>[2] {
  return {
    profile,
    ...(g.fqdn !== undefined ? { fqdn: g.fqdn } : {}),
    ...(g.tlsCertificateName !== undefined ? { tlsCertificateName: g.tlsCertificateName } : {}),
    ...(g.transport !== undefined ? { transport: g.transport as ExchangeTransport } : {}),
    ...(g.certificateExpiryWarningDays !== undefined ? { certificateExpiryWarningDays: g.certificateExpiryWarningDays } : {}),
  };
}

/** The gateway's profile: the one given in code (checked against the file), else built from the file. */
function profileFor(g: any, inCode: GatewayProfile | undefined, sharded: boolean): GatewayProfile {
  if (inCode === undefined) {
    if (g.profile === 'custom') {
      throw libraryError(ERRORS.FLEET_FILE, 'profile custom is built in code: give the FleetFile a GatewayProfile.custom(...) for this gateway in gatewayProfiles.');
    }
    return profileOf(g);
  }
  if (inCode.product !== g.profile) {
    throw libraryError(ERRORS.FLEET_FILE, `the file says profile ${g.profile} and gatewayProfiles gives a ${inCode.product} profile; make them name the same product.`);
  }
  const optionsInFile = ['seppmailCloud', 'noSpamProxy', 'ftapi'].filter((k) => g[k] !== undefined);
  if (optionsInFile.length > 0) {
    throw libraryError(ERRORS.FLEET_FILE, `its ${optionsInFile.join(', ')} options are in the file and its profile is given in code (gatewayProfiles); keep them in one place.`);
  }
  if (sharded && inCode._settings().deployment !== undefined) {
    throw libraryError(ERRORS.FLEET_FILE, 'its profile in gatewayProfiles has a gateway deployment, and the fleet is sharded: each shard would deploy only its own tenants to the same gateway. Deploy the gateway from one unsharded stack, or leave the deployment out.');
  }
  return inCode;
}

function profileOf(g: any): GatewayProfile {
  switch (g.profile) {
    case 'seppmail-appliance': return GatewayProfile.seppmailAppliance();
    case 'postfix': return GatewayProfile.postfix();
    case 'seppmail-cloud': return GatewayProfile.seppmailCloud({ ...g.seppmailCloud, region: g.seppmailCloud.region as SeppmailCloudRegion, routing: g.seppmailCloud.routing as SeppmailCloudRouting });
    case 'nospamproxy': return GatewayProfile.noSpamProxy({ ...g.noSpamProxy, ...(g.noSpamProxy?.outboundRouting ? { outboundRouting: g.noSpamProxy.outboundRouting as NoSpamProxyOutboundRouting } : {}) });
    case 'ftapi': return GatewayProfile.ftapi({ ...g.ftapi });
    default: throw libraryError(ERRORS.INTERNAL, `fleet file: profile ${g.profile} passed the file checks but has no factory`);
  }
}

/** The error of a construct built from an entry, prefixed with where the entry is. */
function withPlace(at: string, tenant: string | undefined, e: Error): Error {
  const err = new Error(`${at}: ${tenant ? `tenant ${tenant}: ` : ''}${e.message}`);
  Object.assign(err, { id: (e as { id?: string }).id });
  return err;
}
