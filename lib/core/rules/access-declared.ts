import { defineRule } from '../findings';
import { isGuid } from '../names';
import { ValidationContext } from './context';

export const AccessDeclared = defineRule<ValidationContext>(
  {
    code: 'CBC011',
    level: 'error',
    title: 'Every tenant says how the apply step reaches its Exchange Online',
    explanation: 'Without an app id and a certificate reference the apply step cannot connect, and a tenant would fail at deploy time instead of at synth.',
  },
  (ctx, report) => {
    for (const t of ctx.fleet.tenants) {
      const a = t.access;
      if (!a) {
        report(t.path, `tenant '${t.name}' declares no Exchange Online access`, 'set access: ExchangeAccess.multiTenantApp(app), ExchangeAccess.appPerTenant({...}), or for an app you set up yourself ExchangeAccess.certificateFile(appId, path) / certificateFromEnvironment(appId, variableName)', t.name);
        continue;
      }
      if (!t.directoryAccess && !isGuid(a.appId)) { // declared apps get their id from Terraform
        // A GUID with a typo is shown; anything else may be a client secret pasted in the wrong place.
        const shown = /^[0-9a-fA-F{}-]{1,40}$/.test(a.appId) ? `'${a.appId}'` : '(not shown: it is not GUID-like, and may be a secret pasted in the wrong place)';
        report(t.path, `access appId ${shown} of tenant '${t.name}' is not a GUID`, 'use the Application (client) ID of the Entra app; a certificate or secret never goes into appId', shown.startsWith("'") ? a.appId : '(not shown)');
      }
    }
  },
);
