/**
 * `cdktf synth` here reads the automation app's public certificate (never the PFX). The shipped
 * exo-automation.cer is a public test certificate whose private key was discarded when it was
 * made, so the example synthesizes out of the box; point EXO_APP_PUBLIC_CERT at your own. Make
 * yours with:
 *
 *   openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=exo-automation" \
 *     -keyout exo-automation.key -out exo-automation.cer
 *   openssl pkcs12 -export -in exo-automation.cer -inkey exo-automation.key -out exo-automation.pfx
 *
 * Keep the .key and .pfx out of the repository; give the runner the PFX (base64 in
 * EXO_APP_CERT_PFX_B64).
 */
import * as path from 'node:path';
import { App } from 'cdktf';
import { EntraAppMspStack } from './stack';

const app = new App();
new EntraAppMspStack(app, 'msp-with-entra-app', {
  publicCertificateFile: process.env.EXO_APP_PUBLIC_CERT ?? path.join(__dirname, 'exo-automation.cer'),
});
app.synth();
