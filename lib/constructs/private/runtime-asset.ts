import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ERRORS, libraryError } from '../../core/errors';

/** Folder of the bundled apply-time program, resolved from this package (not from the cwd). */
export function runtimeBundleDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'build', 'runtime');
}

const ID = 'ExoGatewayRuntime';

/**
 * The apply-time program, copied once per stack into `assets/` so the stack folder is
 * self-contained. Returns the asset's path relative to the stack folder.
 */
export function runtimeAssetPath(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  // The asset's path is fixed once it exists (its name and content hash); every tenant's steps ask.
  const known = assetPaths.get(stack);
  if (known !== undefined) return known;
  const existing = stack.node.tryFindChild(ID) as TerraformAsset | undefined;
  if (existing) return remember(stack, existing.path);
  const dir = runtimeBundleDir();
  if (!fs.existsSync(path.join(dir, 'exo-apply.js'))) {
    throw libraryError(ERRORS.RUNTIME_NOT_BUILT, `cdktf-exo-gateway: the apply-time program is missing at ${dir}/exo-apply.js. The package was not built: run 'npm run build' (or 'npm run bundle') in the cdktf-exo-gateway package.`);
  }
  return remember(stack, new TerraformAsset(stack, ID, { path: dir, type: AssetType.DIRECTORY }).path);
}

const assetPaths = new WeakMap<TerraformStack, string>();

function remember(stack: TerraformStack, assetPath: string): string {
  assetPaths.set(stack, assetPath);
  return assetPath;
}

/** The local-exec command that runs the program with a sub-command: constant text plus the asset path. */
export function runtimeCommand(scope: Construct, subcommand: 'converge' | 'teardown' | 'prune' | 'gateway-sync' | 'gateway-teardown'): string {
  return `node "${runtimeAssetPath(scope)}/exo-apply.js" ${subcommand}`;
}
