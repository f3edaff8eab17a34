import { RuleDefinition } from '../findings';
import { GatewayModel } from '../fleet';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

/**
 * Tenant settings outside this library that a profile depends on, and that a tenant baseline
 * (CIS, CIPP standards, Microsoft365DSC) may set differently; empty when it depends on none.
 */
export function tenantPrerequisites(gateway: GatewayModel): string[] {
  if (!gateway.seppmailCloud || gateway.seppmailCloud.tenantPrerequisitesConfirmed) return [];
  const out = ["ArcConfig: ArcTrustedSealers contains 'SEPPmail.cloud' (Set-ArcConfig -Identity Default), or DKIM fails for mail the cloud modified"];
  if (gateway.seppmailCloud.routing === 'parallel') {
    out.push("HostedContentFilterPolicy 'Default': MarkAsSpamSpfRecordHardFail Off (Get-SC365ParallelModeConfig), or mail the cloud returns can be marked as spam");
  }
  return out;
}

export const TenantPrerequisites: RuleDefinition<ValidationContext> = {
  code: 'CBC057',
  level: 'warning',
  title: 'A profile that depends on tenant settings this library does not manage names them (until confirmed managed elsewhere)',
  explanation: "SEPPmail.cloud needs its ARC sealer trusted and (parallel) SPF hard-fail marking off; those are tenant-wide anti-spam settings that baselines also manage (CIPP standards run every 12 hours), so a baseline can undo them and mail starts failing DKIM/SPF without any change here. None of the profiles relies on the connection-filter IP allow list, which baselines empty (CIPP EmptyFilterIPAllowList).",
  check: (ctx) => {
    const seen = new Set<string>();
    return activeTenants(ctx).flatMap((t) => {
      const g = t.gateway;
      if (seen.has(g.path)) return [];
      seen.add(g.path);
      const needs = tenantPrerequisites(g);
      if (needs.length === 0) return [];
      return [finding('CBC057', 'warning', g.path, needs.join('; '), `the ${g.product} profile of ${g.fqdn} depends on tenant settings this library does not manage, which a tenant baseline may change: ${needs.join('; ')}`, 'set them in each tenant (or in your baseline) and then set tenantPrerequisitesConfirmed: true on the gateway options')];
    });
  },
};
