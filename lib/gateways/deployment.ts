import * as path from 'node:path';
import { checkTableType } from './document';
import { SeppmailRestOptions } from './seppmail-rest/options';
import { SEPPMAIL_PRODUCT, seppmailRestSpec } from './seppmail-rest/types';
import { AnyGatewayDeploymentSpec } from './types';
import { ERRORS, libraryError } from '../core/errors';

export { SeppmailRestOptions } from './seppmail-rest/options';

/** Options of {@link PostfixDeployment.files}. */
export interface PostfixFilesOptions {
  /**
   * Folder on the runner that applies the stack, where the files are written (created when
   * missing). A relative path is resolved against the working directory at synth.
   */
  readonly outputDir: string;
  /**
   * Absolute folder on the gateway where your configuration management places these files; the
   * rendered main.cf and master.cf settings name the tables and chain files in it.
   * @default '/etc/postfix/cdktf-exo-gateway'
   */
  readonly gatewayDir?: string;
  /**
   * Postfix lookup table type of the rendered tables (`hash`, `btree`, `lmdb` or `cdb`; see `postconf -m`).
   * @default 'hash'
   */
  readonly tableType?: string;
  /**
   * Absolute path, on the gateway, of a PEM file of the CA certificates that verify Exchange
   * Online's server certificate: set as `smtp_tls_CAfile` on each tenant transport only (the
   * default transport keeps main.cf's trust settings).
   * @default - the instance's own `smtp_tls_CAfile`/`smtp_tls_CApath` (Debian's main.cf sets `smtp_tls_CApath=/etc/ssl/certs`)
   */
  readonly exoCaFile?: string;
}

/** Options of {@link PostfixDeployment.host}. */
export interface PostfixHostOptions {
  /**
   * Configuration folder of the Postfix instance on the runner's host (main.cf, master.cf).
   * The library's tables and chain files go into its sub-folder `cdktf-exo-gateway/`.
   */
  readonly configDir: string;
  /**
   * The instance's queue directory. When set, the apply step refuses to change an instance whose
   * `queue_directory` differs (a guard for hosts with several instances).
   * @default - not checked
   */
  readonly queueDir?: string;
  /**
   * The `postfix` command; `postconf` and `postmap` are taken from the same folder.
   * @default 'postfix' (found on PATH or in /usr/sbin)
   */
  readonly postfixCommand?: string;
  /**
   * Reload the instance after a change (start it when it is not running).
   * @default true
   */
  readonly reload?: boolean;
  /**
   * Postfix lookup table type (`hash`, `btree`, `lmdb` or `cdb`; see `postconf -m`).
   * @default 'hash'
   */
  readonly tableType?: string;
  /**
   * PEM file of the CA certificates that verify Exchange Online's server certificate: set as
   * `smtp_tls_CAfile` on each tenant transport only (the default transport keeps main.cf's trust
   * settings). A relative path is resolved against the working directory at synth.
   * @default - the instance's own `smtp_tls_CAfile`/`smtp_tls_CApath` (Debian's main.cf sets `smtp_tls_CApath=/etc/ssl/certs`)
   */
  readonly exoCaFile?: string;
}

/**
 * How the tenants' certificates and mail routing are deployed to the gateway itself, at apply
 * time, before the tenants' Exchange Online connectors are created. Made by the deployment of a
 * product ({@link PostfixDeployment}, {@link SeppmailApplianceDeployment}) and passed to that
 * product's profile (`GatewayProfile.postfix({ deployment })`), so a deployment only reaches the
 * product it configures.
 */
export abstract class GatewayDeployment {
  /** `postfix-files`, `postfix-host` or `seppmail-rest`. */
  public readonly kind: string;
  /** The gateway product this deployment configures. */
  public readonly product: string;

  protected constructor(kind: string, product: string) {
    this.kind = kind;
    this.product = product;
  }

  /** @internal */
  public _spec(): AnyGatewayDeploymentSpec {
    const spec = SPECS.get(this);
    if (!spec) throw libraryError(ERRORS.DEPLOYMENT_PRODUCT, `the ${this.kind} deployment was not made by its factory; use PostfixDeployment.files/host or SeppmailApplianceDeployment.restApi`);
    return spec;
  }
}

/** The spec of each deployment, kept off the public type. */
const SPECS = new WeakMap<GatewayDeployment, AnyGatewayDeploymentSpec>();

/** How the library deploys the tenants' certificates and transports to a Postfix gateway. */
export class PostfixDeployment extends GatewayDeployment {
  /**
   * Postfix configuration written as files on the runner, for configuration management to put
   * on the gateway: main.cf and master.cf fragments, the lookup tables (to `postmap` there) and
   * one chain file per tenant (key and certificates, mode 0600).
   */
  public static files(options: PostfixFilesOptions): PostfixDeployment {
    const gatewayDir = options.gatewayDir ?? '/etc/postfix/cdktf-exo-gateway';
    if (!path.posix.isAbsolute(gatewayDir)) throw libraryError(ERRORS.GATEWAY_PATH, `PostfixDeployment.files: gatewayDir '${gatewayDir}' must be an absolute path on the gateway`);
    if (/\s/.test(gatewayDir) || /\s/.test(options.outputDir)) throw libraryError(ERRORS.GATEWAY_WHITE_SPACE, 'PostfixDeployment.files: folder names must not contain white space (Postfix settings are white-space separated)');
    if (options.exoCaFile !== undefined && (!path.posix.isAbsolute(options.exoCaFile) || /\s/.test(options.exoCaFile))) {
      throw libraryError(ERRORS.GATEWAY_CA_FILE, `PostfixDeployment.files: exoCaFile '${options.exoCaFile}' must be an absolute path on the gateway without white space`);
    }
    return new PostfixDeployment({
      kind: 'postfix-files',
      outputDir: path.resolve(options.outputDir),
      gatewayDir: path.posix.normalize(gatewayDir).replace(/\/$/, ''),
      tableType: checkTableType(options.tableType, 'PostfixDeployment.files'),
      ...(options.exoCaFile !== undefined ? { exoCaFile: path.posix.normalize(options.exoCaFile) } : {}),
    });
  }
  /**
   * Postfix on the runner's own host, configured by the apply step: tables and chain files are
   * written atomically, the tables `postmap`ped, main.cf and master.cf changed with `postconf`,
   * the result checked with `postfix check`, then the instance reloaded (or started).
   */
  public static host(options: PostfixHostOptions): PostfixDeployment {
    if (/\s/.test(options.configDir)) throw libraryError(ERRORS.GATEWAY_WHITE_SPACE, 'PostfixDeployment.host: configDir must not contain white space');
    if (options.exoCaFile !== undefined && /\s/.test(options.exoCaFile)) throw libraryError(ERRORS.GATEWAY_CA_FILE, `PostfixDeployment.host: exoCaFile '${options.exoCaFile}' must not contain white space`);
    return new PostfixDeployment({
      kind: 'postfix-host',
      configDir: path.resolve(options.configDir),
      ...(options.queueDir ? { queueDir: path.resolve(options.queueDir) } : {}),
      postfixCommand: options.postfixCommand ?? 'postfix',
      reload: options.reload ?? true,
      tableType: checkTableType(options.tableType, 'PostfixDeployment.host'),
      ...(options.exoCaFile !== undefined ? { exoCaFile: path.resolve(options.exoCaFile) } : {}),
    });
  }
  private constructor(spec: AnyGatewayDeploymentSpec) {
    super(spec.kind, 'postfix');
    SPECS.set(this, spec);
  }
}

/** How the library configures a SEPPmail appliance itself. */
export class SeppmailApplianceDeployment extends GatewayDeployment {
  /**
   * The SEPPmail appliance configured through its REST API
   * (1.0.3): one customer per tenant, marked in its comment, and one managed domain per managed
   * domain of the tenant, forwarding to the tenant's Exchange Online with its tenant id as
   * `requestedTenantID` and TLS level `secure`. The API has no call for a managed domain's TLS
   * certificate: synth and every sync print that step as a checklist (docs/gateway-deployment.md, "SEPPmail
   * appliance through its REST API").
   */
  public static restApi(options: SeppmailRestOptions): SeppmailApplianceDeployment {
    return new SeppmailApplianceDeployment(seppmailRestSpec(options, (p) => path.resolve(p)), SEPPMAIL_PRODUCT);
  }
  private constructor(spec: AnyGatewayDeploymentSpec, product: string) {
    super(spec.kind, product);
    SPECS.set(this, spec);
  }
}
