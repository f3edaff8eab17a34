import { RuleDefinition, Finding } from '../findings';
import { isGuid } from '../names';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const AccessDeclared: RuleDefinition<ValidationContext> = {
  code: 'CBC011',
  level: 'error',
  title: 'Every tenant says how the apply step reaches its Exchange Online',
  explanation: 'Without an app id and a certificate reference the apply step cannot connect, and a tenant would fail at deploy time instead of at synth.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const t of ctx.fleet.tenants) {
      const a = t.access;
      if (!a) {
        out.push(finding('CBC011', 'error', t.path, t.name, `tenant '${t.name}' declares no Exchange Online access`, 'set access: ExchangeAccess.multiTenantApp(app), ExchangeAccess.appPerTenant({...}), or for an app you set up yourself ExchangeAccess.certificateFile(appId, path) / certificateFromEnvironment(appId, variableName)'));
        continue;
      }
      if (!t.directoryAccess && !isGuid(a.appId)) { // declared apps get their id from Terraform
        out.push(finding('CBC011', 'error', t.path, a.appId, `access appId '${a.appId}' of tenant '${t.name}' is not a GUID`, 'use the Application (client) ID of the Entra app'));
      }
    }
    return out;
  },
};
