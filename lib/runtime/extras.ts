/**
 * What the apply program loads only when it needs it (bundled apart as extras.js by
 * scripts/bundle-runtime.js): the adminApi transport (token library, certificate parsing) and
 * `simulate` (the HTTPS simulator), the read-only `drift`, `report` and `export` commands, and
 * `plan-summary`. The PowerShell converge path never loads them.
 */
export { adminApiSettings, openAdminApiSession } from './admin-api';
export { runSimulate, SIMULATE_USAGE } from './simulate';
export { runDrift, DRIFT_USAGE } from './drift';
export { runReport, REPORT_USAGE } from './report';
export { runPlanSummary, PLAN_SUMMARY_USAGE } from './plan-summary';
export { runExport, EXPORT_USAGE } from './export';
