/**
 * Issue 15, point 4: a bot holds only its own platform's modules. createPledge imports
 * slack/platform.ts or wecom/platform.ts when the deployment runs on that platform (dynamic
 * import()); everything it imports statically is loaded by every bot. This walks the static
 * imports (type-only imports are erased and load nothing) from each entry and names what it reaches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '../..');

/** Every module reached from `entry` by static imports: repo paths of our files, names of packages. */
function staticGraph(entry: string): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string) => {
    const key = relative(ROOT, file);
    if (reached.has(key)) return;
    reached.add(key);
    // Statements only: `import type` and `export type` are erased; import() is not static.
    const source = readFileSync(file, 'utf8');
    for (const [, typeOnly, spec] of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)';/gms)) {
      if (typeOnly || !spec) continue;
      if (!spec.startsWith('.')) {
        reached.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = join(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((f) => existsSync(f) && f.endsWith('.ts'));
      if (target) visit(target);
    }
  };
  visit(join(ROOT, entry));
  return reached;
}

const SLACK_ONLY = ['@slack/bolt', '@slack/web-api', 'src/slack/app.ts', 'src/slack/chat-port.ts'];
const WECOM_ONLY = ['@wecom/crypto', 'fast-xml-parser', 'src/wecom/wecom.ts', 'src/wecom/listeners/index.ts', 'src/wecom/chat-port.ts'];

describe('what each bot loads', () => {
  it('createPledge itself loads neither platform', () => {
    const graph = staticGraph('src/pledge.ts');
    expect([...SLACK_ONLY, ...WECOM_ONLY].filter((m) => graph.has(m))).toEqual([]);
  });

  it("Slack's parts load Bolt and none of WeCom's", () => {
    const graph = staticGraph('src/slack/platform.ts');
    expect(SLACK_ONLY.filter((m) => !graph.has(m))).toEqual([]);
    expect(WECOM_ONLY.filter((m) => graph.has(m))).toEqual([]);
  });

  it("WeCom's parts load WeCom's modules and nothing of Slack's", () => {
    const graph = staticGraph('src/wecom/platform.ts');
    expect(WECOM_ONLY.filter((m) => !graph.has(m))).toEqual([]);
    expect(SLACK_ONLY.filter((m) => graph.has(m))).toEqual([]);
  });
});
