/**
 * Text from declarations never becomes a Terraform expression: every `${` left in the
 * synthesized JSON is one of the library's own references.
 */
import { TerraformStack, Testing } from 'cdktf';
import { CERTIFICATE_CHECK_TIME_CONTEXT } from '../../lib/constructs/mail-gateway';
import { PostfixMspStack, POSTFIX_TENANTS } from '../../examples/postfix-msp/fleet';
import { PostfixDeployment } from '../../lib';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
const AT = new Date(new Date(MANIFEST.generated).getTime() + 86_400_000).toISOString();

/** Every `${…}` in a JSON text that Terraform would evaluate (not written as `$${`). */
function expressions(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map((m) => m[1]);
}

describe('escaping of declared text', () => {
  test('construct ids and paths with template sequences stay literal in the synthesized JSON', () => {
    const app = Testing.app({ context: { [CERTIFICATE_CHECK_TIME_CONTEXT]: AT } });
    const tenants = POSTFIX_TENANTS.map((t, i) => (i === 0 ? { ...t, id: 'Contoso${timestamp()}%{if true}x%{endif}' } : t));
    const stack: TerraformStack = new PostfixMspStack(app, 'esc', { tenants, deployment: PostfixDeployment.files({ outputDir: '/srv/${path.module}/gw' }) });
    process.env.TENANT_PFX_PASSWORD = MANIFEST.pfxPassword;
    const text = Testing.synth(stack);
    delete process.env.TENANT_PFX_PASSWORD;
    const found = [...new Set(expressions(text))];
    for (const e of found) {
      expect(e).toMatch(/^(self\.|jsonencode\(self\.|jsonencode\(\{ groups = \[for g in try\(self\.input\.groups|terraform_data\.|substr\(self\.)/);
    }
    expect(text).toContain('Contoso$${timestamp()}%%{if true}x%%{endif}');
    expect(text).toContain('/srv/$${path.module}/gw');
    expect(text).not.toMatch(/(?<!%)%\{if true\}/);
  });
});

describe('terraformLiteral', () => {
  const { terraformLiteral, fromTerraformLiteral } = require('../../lib/core/terraform-literal');
  test.each(['plain', '${x}', '%{if a}b%{endif}', '$${already}', 'a$b%c{d}'])('round-trips %s through what Terraform passes on', (text) => {
    expect(fromTerraformLiteral(terraformLiteral(text))).toBe(text);
    expect(terraformLiteral(text)).not.toMatch(/(?<![$%])[$%]\{/);
  });
});
