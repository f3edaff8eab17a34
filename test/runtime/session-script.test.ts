/**
 * The real Exchange session script (lib/runtime/exo-session.ps1), checked by reading: there is
 * no pwsh on these machines. It must parse with tree-sitter-powershell, call only the Exchange
 * cmdlets the design allows, run invoke requests only from its static allow-list (equal to the
 * catalogue's non-Get cmdlets), and never evaluate text as code.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { EXO_CATALOGUE, readCmdlets, sessionAllowList } from '../../lib/core/exo-catalogue';
import { checkSessionSettings } from '../../lib/runtime/session-preflight';
import { connectFailedMessage } from '../../lib/runtime/simulator/session';

const SCRIPT_PATH = path.resolve(__dirname, '..', '..', 'lib', 'runtime', 'exo-session.ps1');
const SCRIPT = fs.readFileSync(SCRIPT_PATH, 'utf8');

type ParseFn = (source: string) => Tree;
let parse: ParseFn;
let tree: Tree;

beforeAll(async () => {
  // web-tree-sitter ships a CommonJS build next to its ESM one. The grammar's .wasm is handed over
  // as bytes: loading it by path makes web-tree-sitter import('fs'), which jest's VM refuses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init();
  const powershell = await Language.load(fs.readFileSync(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
  const parser = new Parser();
  parser.setLanguage(powershell);
  parse = (source: string) => {
    const parsed = parser.parse(source);
    if (!parsed) throw new Error('tree-sitter returned no tree');
    return parsed;
  };
  tree = parse(SCRIPT);
});

/** Every node of `type` below `node`. */
function nodesOfType(node: SyntaxNode, type: string): SyntaxNode[] {
  return node.descendantsOfType(type).filter((found): found is SyntaxNode => found !== null);
}

function errorNodes(node: SyntaxNode): string[] {
  const found: string[] = [];
  const walk = (current: SyntaxNode): void => {
    if (current.type === 'ERROR' || current.isMissing) found.push(`line ${current.startPosition.row + 1}: ${current.text.slice(0, 60)}`);
    for (const child of current.children) if (child) walk(child);
  };
  walk(node);
  return found;
}

/** The static command names the script calls (dynamic `& $x` calls are listed apart). */
function commandNames(root: SyntaxNode): { static: string[]; dynamic: SyntaxNode[] } {
  const names: string[] = [];
  const dynamic: SyntaxNode[] = [];
  for (const command of nodesOfType(root, 'command')) {
    const name = command.children.find((child) => child?.type === 'command_name');
    if (name) names.push(name.text);
    else dynamic.push(command);
  }
  return { static: names, dynamic };
}

/** The string literals of the array assigned to `$variable` at script level. */
function arrayOfStrings(root: SyntaxNode, variable: string): string[] {
  const assignments = nodesOfType(root, 'assignment_expression').filter((node) => node.child(0)?.text === variable);
  expect(assignments).toHaveLength(1);
  return nodesOfType(assignments[0], 'verbatim_string_characters').map((literal) => literal.text.replace(/^'|'$/g, ''));
}

function functionNames(root: SyntaxNode): string[] {
  return nodesOfType(root, 'function_statement')
    .map((fn) => fn.children.find((child) => child?.type === 'function_name')?.text)
    .filter((name): name is string => name !== undefined);
}

/** PowerShell built-ins the script may use besides the Exchange cmdlets. */
const POWERSHELL_BUILTINS = [
  'Set-StrictMode',
  'ConvertTo-Json',
  'ConvertFrom-Json',
  'ConvertTo-SecureString',
  'Import-Module',
];
/** Exchange cmdlets the script may call directly (DESIGN.md §4, the brief). */
const EXCHANGE_SESSION_CMDLETS = ['Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation'];

describe('exo-session.ps1', () => {
  test('parses without error with tree-sitter-powershell', () => {
    expect(errorNodes(tree.rootNode)).toEqual([]);
    expect(tree.rootNode.hasError).toBe(false);
  });

  test('the parse check would catch constructs the grammar cannot parse', () => {
    for (const broken of ['function f { if ($x) { }', 'switch ($x) { 1 { "a" } 2 { "b" } }', '$a = $b ? 1 : 2', '$a = $b ?? 3']) {
      expect(parse(broken).rootNode.hasError).toBe(true);
    }
  });

  test('lists the commands it calls', () => {
    const { static: names, dynamic } = commandNames(tree.rootNode);
    expect([...new Set(names)].sort()).toEqual(
      [
        ...POWERSHELL_BUILTINS,
        ...EXCHANGE_SESSION_CMDLETS,
        ...functionNames(tree.rootNode),
      ].sort(),
    );
    expect(dynamic.map((command) => command.text.split(/\s+/).slice(0, 3).join(' '))).toEqual(['& $allowedCmdlet @Parameters']);
  });

  test('its cmdlet allow-list equals the catalogue\'s non-Get cmdlets', () => {
    const allowList = arrayOfStrings(tree.rootNode, '$AllowedCmdlets');
    expect([...allowList].sort()).toEqual(sessionAllowList().sort());
    expect(allowList.every((cmdlet) => EXO_CATALOGUE[cmdlet] !== undefined && !cmdlet.startsWith('Get-'))).toBe(true);
  });

  test('its read cmdlets are the catalogue\'s Get-* cmdlets, and it decides nothing about reads', () => {
    expect(arrayOfStrings(tree.rootNode, '$ReadCmdlets').sort()).toEqual(readCmdlets().sort());
    // Which read calls to make, with which parameters, and how to merge them is lib/runtime/reads.ts.
    const code = SCRIPT.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#.*$/gm, '');
    expect(code).toContain('Invoke-AllowedCmdlet');
    expect(code).not.toMatch(/ResultSize|IncludeTestModeConnectors|Guid/);
    // Nor does it interpret Exchange's error texts: lib/runtime/reads.ts exchangeError does.
    expect(code).not.toMatch(/\$Matches|-match/);
  });

  test('imports exactly the read cmdlets and the allow-list into the session (-CommandName)', () => {
    expect(SCRIPT).toMatch(/^\s*CommandName = \$ReadCmdlets \+ \$AllowedCmdlets$/m);
  });

  test('never evaluates text as code', () => {
    const names = commandNames(tree.rootNode).static.map((name) => name.toLowerCase());
    for (const forbidden of ['invoke-expression', 'iex', 'invoke-command', 'icm', 'add-type', 'start-process']) {
      expect(names).not.toContain(forbidden);
    }
    expect(SCRIPT).not.toMatch(/\[scriptblock\]::Create|NewScriptBlock|InvokeScript|\.Invoke\(/i);
  });

  test('every Exchange cmdlet it calls is allowed; the only dynamic call runs an allow-list entry', () => {
    const declared = new Set(functionNames(tree.rootNode));
    const allowed = new Set([...POWERSHELL_BUILTINS, ...EXCHANGE_SESSION_CMDLETS]);
    const { static: names, dynamic } = commandNames(tree.rootNode);
    expect(names.filter((name) => !declared.has(name) && !allowed.has(name))).toEqual([]);

    // `& $allowedCmdlet`: the variable is only ever $null or the loop variable over the $AllowList
    // parameter, which every caller sets to $ReadCmdlets (get) or $AllowedCmdlets (invoke).
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0].child(0)?.type).toBe('command_invokation_operator');
    expect(dynamic[0].child(1)?.text).toBe('$allowedCmdlet');
    const assigned = nodesOfType(tree.rootNode, 'assignment_expression')
      .filter((node) => node.child(0)?.text === '$allowedCmdlet')
      .map((node) => node.child(2)?.text);
    expect(assigned.sort()).toEqual(['$candidate', '$null']);
    const loops = nodesOfType(tree.rootNode, 'foreach_statement').filter((loop) => loop.child(2)?.text === '$candidate');
    expect(loops).toHaveLength(1);
    expect(loops[0].child(4)?.text).toBe('$AllowList');
    const calls = nodesOfType(tree.rootNode, 'command').filter((c) => c.children.find((child) => child?.type === 'command_name')?.text === 'Invoke-AllowedCmdlet');
    expect(calls.map((c) => /-AllowList (\$\w+)/.exec(c.text)?.[1]).sort()).toEqual(['$AllowedCmdlets', '$ReadCmdlets']);
  });

  test('connects with Connect-ExchangeOnline parameters that exist', () => {
    // Connect-ExchangeOnline.md: AppId, Organization, Certificate, CertificateFilePath, CertificatePassword, CommandName, ShowBanner
    const documented = ['AppId', 'Organization', 'Certificate', 'CertificateFilePath', 'CertificatePassword', 'CommandName', 'ShowBanner', 'ErrorAction'];
    const initial = /\$connectParams = @\{([\s\S]*?)\n\}/.exec(SCRIPT);
    expect(initial).not.toBeNull();
    const keys = [...initial![1].matchAll(/^\s*(\w+) =/gm)].map((match) => match[1]);
    const added = [...SCRIPT.matchAll(/\$connectParams\['(\w+)'\]/g)].map((match) => match[1]);
    expect([...keys, ...added].filter((key) => !documented.includes(key))).toEqual([]);
    expect([...new Set(added)].sort()).toEqual(['Certificate', 'CertificateFilePath', 'CertificatePassword']);
    expect(SCRIPT).toMatch(/^\s*Connect-ExchangeOnline @connectParams \*> \$null$/m);
  });

  test('reads its settings from the environment variables the apply program sets', () => {
    for (const name of ['EXO_SESSION_APP_ID', 'EXO_SESSION_ORGANIZATION', 'EXO_SESSION_CERT_FILE', 'EXO_SESSION_CERT_ENV', 'EXO_SESSION_CERT_PASSWORD_ENV']) {
      expect(SCRIPT).toContain(`[Environment]::GetEnvironmentVariable('${name}')`);
    }
    // no script-level param(...): settings come from the environment only (functions have their own)
    expect(nodesOfType(tree.rootNode, 'param_block').length).toBeGreaterThan(0);
    expect(nodesOfType(tree.rootNode, 'param_block').filter((block) => block.parent?.type === 'program')).toEqual([]);
  });

  test('connects once and leaves retrying to the apply program (lib/runtime/connect.ts)', () => {
    const code = SCRIPT.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#.*$/gm, '');
    expect(code.match(/Connect-ExchangeOnline @connectParams/g)).toHaveLength(1);
    expect(code).not.toMatch(/Start-Sleep|while \(-not \$connected\)|\$attempt/);
  });

  test('words a failed connect like the simulator does', () => {
    expect(SCRIPT).toContain(`"Connect-ExchangeOnline failed for organization '{0}': {1}" -f $organization, $_.Exception.Message`);
    expect(connectFailedMessage('x.onmicrosoft.com', 'cause.')).toBe("Connect-ExchangeOnline failed for organization 'x.onmicrosoft.com': cause.");
  });

  test('never writes the certificate or its password', () => {
    const secrets = ['$certificatePassword', '$certBase64', '$certBytes', '$certificate'];
    const writers = nodesOfType(tree.rootNode, 'command').filter((command) => {
      const name = command.children.find((child) => child?.type === 'command_name')?.text ?? '';
      return /^Write-|^New-ErrorReply$/.test(name);
    });
    expect(writers.length).toBeGreaterThan(10);
    for (const writer of writers) for (const secret of secrets) expect(writer.text.includes(secret)).toBe(false);
    for (const line of SCRIPT.split('\n')) {
      if (secrets.some((secret) => line.includes(secret))) expect(line).not.toMatch(/ -f |Write-|\[Console\]/);
    }
  });

  test('answers on stdout only through Write-ProtocolLine and reads requests with [Console]::In.ReadLine()', () => {
    const consoleWrites = SCRIPT.split('\n').filter((line) => line.includes('[Console]::Out'));
    expect(consoleWrites.map((line) => line.trim())).toEqual(['[Console]::Out.WriteLine($json)', '[Console]::Out.Flush()']);
    expect(SCRIPT).toContain('$line = [Console]::In.ReadLine()');
    expect(commandNames(tree.rootNode).static).not.toContain('Write-Host');
    expect(commandNames(tree.rootNode).static).not.toContain('Write-Output');
  });

  describe('decides nothing that the apply program decides (lib/runtime/session-preflight.ts, session-client.ts)', () => {
    const CODE = SCRIPT.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#.*$/gm, '');

    test('does not check its settings: the pre-flight does, before pwsh starts, and none of its messages is in the script', () => {
      const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'exo-preflight-'));
      const refused = [
        {},
        { EXO_SESSION_APP_ID: 'a' },
        { EXO_SESSION_APP_ID: 'a', EXO_SESSION_ORGANIZATION: 'o' },
        { EXO_SESSION_APP_ID: 'a', EXO_SESSION_ORGANIZATION: 'o', EXO_SESSION_CERT_FILE: path.join(dir, 'missing.pfx') },
        { EXO_SESSION_APP_ID: 'a', EXO_SESSION_ORGANIZATION: 'o', EXO_SESSION_CERT_ENV: 'UNSET_PFX' },
        { EXO_SESSION_APP_ID: 'a', EXO_SESSION_ORGANIZATION: 'o', EXO_SESSION_CERT_FILE: SCRIPT_PATH, EXO_SESSION_CERT_ENV: 'PFX', PFX: 'x' },
        { EXO_SESSION_APP_ID: 'a', EXO_SESSION_ORGANIZATION: 'o', EXO_SESSION_CERT_FILE: SCRIPT_PATH, EXO_SESSION_CERT_PASSWORD_ENV: 'UNSET_PASSWORD' },
      ];
      const messages = refused.map((env) => checkSessionSettings(env).error?.message);
      expect(messages.every((message) => typeof message === 'string')).toBe(true);
      for (const message of messages) {
        const fixedText = message!.replace(/'[^']*'/g, "'{0}'").split("'{0}'").sort((a, b) => b.length - a.length)[0].trim();
        expect(SCRIPT).not.toContain(fixedText);
      }
      expect(commandNames(tree.rootNode).static).not.toContain('Test-Path');
      expect(CODE).not.toMatch(/is not set|Neither|IsNullOrEmpty\(\$appId\)|IsNullOrEmpty\(\$organization\)/);
    });

    test('maps the one certificate source it is given: the file when named, else the variable (no fallback chain)', () => {
      const ifs = nodesOfType(tree.rootNode, 'if_statement').filter((node) => node.text.includes("$connectParams['CertificateFilePath']"));
      expect(ifs).toHaveLength(1);
      expect(ifs[0].text).not.toMatch(/elseif/);
    });

    test('always replies with a list: no reply shape chosen by the number of objects', () => {
      const invoke = nodesOfType(tree.rootNode, 'function_statement').find((fn) => fn.text.startsWith('function Invoke-AllowedCmdlet'));
      expect(invoke).toBeDefined();
      expect(invoke!.text).not.toMatch(/\.Count|\.Length|AlwaysList|-eq 1\b/);
      const resultAssignments = nodesOfType(tree.rootNode, 'assignment_expression').filter((node) => node.child(0)?.text === '$result');
      expect(resultAssignments).toHaveLength(1);
      expect(resultAssignments[0].child(2)?.text).toMatch(/^@\(foreach \(\$item in \$output\) \{ ConvertTo-WireObject -InputObject \$item \}\)$/);
      expect(CODE).toMatch(/ok = \$true; result = \$result; warnings = \$warningTexts/);
    });

    test('passes the request parameters through as data: parsed as hashtables and splatted unchanged', () => {
      expect(CODE).toMatch(/^\s*\$request = ConvertFrom-Json -InputObject \$line -AsHashtable -DateKind String -ErrorAction Stop$/m);
      expect(CODE).toMatch(/\[System\.Collections\.IDictionary\] \$Parameters/);
      expect(CODE).not.toMatch(/PSCustomObject|\$splat/);
    });

    test('neither lower-cases the tenant id nor turns numbers or dictionaries into text', () => {
      expect(CODE).not.toMatch(/ToLower|ToUpper/i);
      expect(CODE).toMatch(/\$tenantId = \[string\]\$connections\[0\]\.TenantID$/m);
      // Numbers, booleans and strings go out in their own JSON kind; a dictionary goes out as an object.
      expect(CODE).toMatch(/\$Value\.GetType\(\)\.IsPrimitive/);
      expect(CODE).toMatch(/if \(\$value -is \[System\.Collections\.IDictionary\]\) \{\s*\$entries = \[ordered\]@\{\}/);
      // The only texts made of values: a date's ISO 8601 form, and the text of an object that is none of those.
      expect(CODE.match(/\.ToString\([^)]*\)/g)).toEqual([".ToString('o')", '.ToString()']);
    });
  });
});
