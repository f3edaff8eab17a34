/**
 * Escapes Terraform template sequences in text from a declaration (`${` and `%{`), so that it is
 * written into the synthesized JSON as literal text and never evaluated as an expression.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** terraformLiteral for optional lists. */
export function terraformLiterals(texts: string[] | undefined): string[] | undefined {
  return texts?.map(terraformLiteral);
}

/** The text Terraform passes on for a literal written by {@link terraformLiteral}. */
export function fromTerraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
