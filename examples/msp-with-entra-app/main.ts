/**
 * cdktf synth here needs the automation app's public certificate (never the PFX):
 *
 *   openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=exo-automation" \
 *     -keyout exo-automation.key -out exo-automation.cer
 *   openssl pkcs12 -export -in exo-automation.cer -inkey exo-automation.key -out exo-automation.pfx
 *
 * Keep the .key and .pfx out of the repository; give the runner the PFX (base64 in
 * EXO_APP_CERT_PFX_B64). EXO_APP_PUBLIC_CERT overrides the certificate path.
 */
import { App } from 'cdktf';
import { EntraAppMspStack } from './stack';

const app = new App();
new EntraAppMspStack(app, 'msp-with-entra-app', {
  publicCertificateFile: process.env.EXO_APP_PUBLIC_CERT ?? 'exo-automation.cer',
});
app.synth();
