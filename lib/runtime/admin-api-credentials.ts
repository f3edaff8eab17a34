/**
 * The `adminApi` transport's credentials: the app certificate (PFX or PEM, from a file or an
 * environment variable, or the simulator's stand-in) and the app-only token from
 * `@azure/msal-node`, one client and token cache per tenant and app, with token failures
 * classified. Neither the key, the token nor the assertion is ever logged or put into an error.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import * as forge from 'node-forge';
import { ExchangeAccessReference, SessionError } from '../core/exo-model';
import { AdminApiSettings, DEFAULT_LOGIN_URL, httpsRequest, redact } from './admin-api-http';
import { TENANT_NOT_FOUND_HINT } from './connect';
import { ERRORS, libraryError } from '../core/errors';

// ---------------------------------------------------------------------------------------------
// The app certificate
// ---------------------------------------------------------------------------------------------

/** The app's key and certificate, PEM. */
export interface AppCredential {
  readonly keyPem: string;
  readonly certPem: string;
  /** Where it came from (a file path or an environment variable NAME; never its content). */
  readonly origin: string;
}

/** Reads a PFX (binary) or PEM (key and certificate) without ever putting its content into an error. */
export function parseAppCertificate(data: Buffer, password: string, origin: string): AppCredential {
  const text = data.toString('utf8');
  let keyPem: string | undefined;
  let certs: string[] = [];
  if (text.includes('-----BEGIN')) {
    keyPem = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(text)?.[0];
    certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } else {
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(data.toString('binary')), password);
    } catch {
      throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} cannot be opened: not a PFX/PEM, or the password is wrong`);
    }
    const keyBags = [...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? [])];
    const key = keyBags.find((b) => b.key)?.key;
    if (key) keyPem = forge.pki.privateKeyToPem(key);
    certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).filter((b) => b.cert).map((b) => forge.pki.certificateToPem(b.cert!));
  }
  if (!keyPem || certs.length === 0) throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} needs both the certificate and its private key`);
  const key = createPrivateKey(keyPem);
  const certPem = certs.find((c) => new X509Certificate(c).checkPrivateKey(key));
  if (!certPem) throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} holds no certificate that matches its private key`);
  return { keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem, origin };
}

/**
 * The certificate the access declares (file, or base64 in an environment variable; password in
 * another variable), or, when the declared one is not on this machine and the target is the
 * simulator, the simulator's stand-in for the app.
 */
export function loadAppCertificate(access: ExchangeAccessReference, env: NodeJS.ProcessEnv, standInFile?: string): AppCredential {
  const password = access.certificatePasswordEnv ? env[access.certificatePasswordEnv] ?? '' : '';
  if (access.certificateFile !== undefined && fs.existsSync(access.certificateFile)) {
    return parseAppCertificate(fs.readFileSync(access.certificateFile), password, `file ${access.certificateFile}`);
  }
  if (access.certificateEnv !== undefined && env[access.certificateEnv]) {
    const value = env[access.certificateEnv]!;
    const data = value.includes('-----BEGIN') ? Buffer.from(value) : Buffer.from(value, 'base64');
    return parseAppCertificate(data, password, `environment variable ${access.certificateEnv}`);
  }
  if (standInFile && fs.existsSync(standInFile)) {
    return parseAppCertificate(fs.readFileSync(standInFile), '', `the simulator's stand-in certificate of app ${access.appId}`);
  }
  const declared = access.certificateFile !== undefined ? `the file '${access.certificateFile}' does not exist` : access.certificateEnv !== undefined ? `the environment variable ${access.certificateEnv} is not set` : 'the access declares no certificate';
  throw libraryError(ERRORS.APP_CERTIFICATE_MISSING, `the app certificate of app ${access.appId} is not available on this runner: ${declared}`);
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** MSAL's network calls, through the same deadline and trusted CAs as the admin calls. */
function msalNetwork(settings: AdminApiSettings) {
  const call = async (method: string, url: string, options?: { headers?: Record<string, string>; body?: string }) => {
    const answer = await httpsRequest(url, { method, headers: options?.headers ?? {}, body: options?.body }, settings);
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = {};
    }
    return { status: answer.status, headers: answer.headers, body: body as any };
  };
  return {
    sendGetRequestAsync: (url: string, options?: { headers?: Record<string, string>; body?: string }) => call('GET', url, options),
    sendPostRequestAsync: (url: string, options?: { headers?: Record<string, string>; body?: string }) => call('POST', url, options),
  };
}

const clients = new Map<string, ConfidentialClientApplication>();

/** The MSAL client of one tenant and app (its token cache is per tenant). */
export function msalClient(access: ExchangeAccessReference, credential: AppCredential, settings: AdminApiSettings): ConfidentialClientApplication {
  const authority = `${settings.loginUrl}/${access.organization}`;
  const thumbprintSha256 = new X509Certificate(credential.certPem).fingerprint256.replace(/:/g, '');
  const key = `${authority}|${access.appId.toLowerCase()}|${thumbprintSha256}`;
  let client = clients.get(key);
  if (!client) {
    const host = new URL(settings.loginUrl).host;
    client = new ConfidentialClientApplication({
      auth: {
        clientId: access.appId,
        authority,
        clientCertificate: { thumbprintSha256, privateKey: credential.keyPem, x5c: credential.certPem },
        ...(host !== new URL(DEFAULT_LOGIN_URL).host ? { knownAuthorities: [host] } : {}),
      },
      system: { networkClient: msalNetwork(settings), loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined } },
    });
    clients.set(key, client);
  }
  return client;
}

/** A token failure, classified: only `ConnectFailed` is retried by openWithRetry. */
export function tokenFailure(e: unknown, access: ExchangeAccessReference, credential: AppCredential): SessionError {
  const err = e as { errorCode?: string; errorMessage?: string; message?: string };
  const text = redact(String(err.errorMessage || err.message || e)).replace(/\s+/g, ' ').trim();
  const code = /AADSTS(\d+)/.exec(text)?.[1];
  const cause = `token request for app ${access.appId} in '${access.organization}' failed: ${text}`;
  if (code === '90002') return { type: 'TenantNotFound', message: `${cause} ${TENANT_NOT_FOUND_HINT}` };
  if (code === '700027' || code === '700024') {
    return {
      type: 'CertificateRejected',
      message: `${cause} The certificate from ${credential.origin} (SHA-256 thumbprint ${new X509Certificate(credential.certPem).fingerprint256.replace(/:/g, '')}) is not one registered on app ${access.appId}, or the runner's clock is off: upload its public certificate to the app registration, or point the tenant's ExchangeAccess at the registered certificate. Not retried.`,
    };
  }
  return { type: 'ConnectFailed', message: cause };
}

export function tenantOfToken(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return typeof claims.tid === 'string' ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}
