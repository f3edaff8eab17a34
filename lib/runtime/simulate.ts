/**
 * `exo-gateway simulate`: serves the simulated Exchange Online on loopback over HTTPS
 * (simulator/https-server.ts), after seeding the tenants of synthesized stacks, and prints the
 * environment to export so that `cdktf deploy` / `terraform apply` rehearse against it with either
 * transport.
 *
 *   exo-gateway simulate [--seed-from <stack folder>]... [--state-dir <dir>] [--port <n>] [--page-size <n>]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TenantDesiredState } from '../core/exo-model';
import { loadAppCertificate } from './admin-api';
import { DocumentError } from './errors';
import { ensureStandInCertificate, registerAppCertificate } from './simulator/identity';
import { startHttpsSimulator } from './simulator/https-server';
import { SimulatorStore } from './simulator/store';

type Log = (line: string) => void;

/** The usage line of `simulate` (also its `--help`). */
export const SIMULATE_USAGE = 'usage: exo-gateway simulate [--seed-from <stack folder>]... [--state-dir <dir>] [--port <n>] [--page-size <n>]';

export interface SimulateArguments {
  readonly stateDir: string;
  readonly seedFrom: string[];
  readonly port: number;
  readonly pageSize?: number;
}

/** Parses the command line of `simulate`. */
export function parseSimulateArguments(args: string[], env: NodeJS.ProcessEnv): SimulateArguments {
  const seedFrom: string[] = [];
  let stateDir = env.EXO_SIM_STATE_DIR || '.exo-sim';
  let port = 0;
  let pageSize: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new DocumentError(`simulate: ${args[i - 1]} needs a value`);
      return v;
    };
    const number = (name: string, v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new DocumentError(`simulate: ${name} must be a whole number, got '${v}'`);
      return n;
    };
    switch (args[i]) {
      case '--seed-from':
        seedFrom.push(value());
        break;
      case '--state-dir':
        stateDir = value();
        break;
      case '--port':
        port = number('--port', value());
        // Node's listen() throws a bare RangeError above this; 0 (the default) takes any free port.
        if (port > 65535) throw new DocumentError(`simulate: --port must be a port number from 1 to 65535 (or 0, the default, for any free port), got '${args[i]}'; ${SIMULATE_USAGE}`);
        break;
      case '--page-size':
        pageSize = number('--page-size', value()) || undefined;
        break;
      default:
        throw new DocumentError(`simulate: unknown argument '${args[i]}'; ${SIMULATE_USAGE}`);
    }
  }
  return { stateDir: path.resolve(stateDir), seedFrom, port, pageSize };
}

/**
 * Seeds every tenant `docs` declare: tenant id, initial and managed domains as accepted domains,
 * the app as consented, and the app certificate registered (the declared one when it is on this
 * machine, else a stand-in the runtime then uses too). A tenant already in the state is left as it is.
 */
export function seedTenants(stateDir: string, docs: TenantDesiredState[], env: NodeJS.ProcessEnv, log: Log): void {
  const store = new SimulatorStore(stateDir);
  const apps = new Set<string>();
  for (const doc of docs) {
    const organization = doc.access.organization;
    if (store.readTenant(organization)) {
      log(`simulate: tenant ${doc.tenant.name} (${organization}) is already in ${stateDir}; left as it is`);
    } else {
      store.seedTenant({ organization, tenantId: doc.tenant.tenantId, acceptedDomains: doc.tenant.managedDomains, appIds: [doc.access.appId] });
      log(`simulate: seeded tenant ${doc.tenant.name}: ${organization}, id ${doc.tenant.tenantId}, accepted domains ${[organization, ...doc.tenant.managedDomains].join(', ')}`);
    }
    const app = doc.access.appId.toLowerCase();
    if (apps.has(app)) continue;
    apps.add(app);
    try {
      const credential = loadAppCertificate(doc.access, env);
      registerAppCertificate(stateDir, app, credential.certPem);
      log(`simulate: app ${app}: registered the certificate from ${credential.origin}`);
    } catch (e) {
      ensureStandInCertificate(stateDir, app);
      log(`simulate: app ${app}: ${(e as Error).message}; the simulator registered a stand-in certificate, which the apply step uses in simulated mode`);
    }
  }
}

/** The environment lines to export for a rehearsal against a running simulator. */
export function simulateEnvironment(stateDir: string, url: string, caFile: string): string[] {
  return [
    'export EXO_GATEWAY_TARGET=simulated',
    `export EXO_SIM_STATE_DIR='${stateDir}'`,
    `export EXO_GATEWAY_ADMIN_API_URL='${url}'`,
    `export EXO_GATEWAY_LOGIN_URL='${url}'`,
    `export EXO_GATEWAY_CA_FILE='${caFile}'`,
  ];
}

/** Runs `simulate` until SIGINT/SIGTERM. */
export async function runSimulate(args: string[], env: NodeJS.ProcessEnv, log: Log, stackDocuments: (dir: string) => TenantDesiredState[]): Promise<void> {
  const options = parseSimulateArguments(args, env);
  fs.mkdirSync(options.stateDir, { recursive: true });
  const info: Log = (line) => process.stderr.write(`${line}\n`);
  for (const dir of options.seedFrom) seedTenants(options.stateDir, stackDocuments(dir), env, info);
  const server = await startHttpsSimulator({ stateDir: options.stateDir, port: options.port, pageSize: options.pageSize, env });
  const lines = simulateEnvironment(options.stateDir, server.url, server.caFile);
  fs.writeFileSync(path.join(options.stateDir, 'env.sh'), `${lines.join('\n')}\n`);
  info(`simulate: simulated Exchange Online and its identity endpoint at ${server.url} (state ${options.stateDir}); export these (also in ${path.join(options.stateDir, 'env.sh')}), then run cdktf deploy / terraform apply; Ctrl-C stops`);
  for (const line of lines) log(line);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
