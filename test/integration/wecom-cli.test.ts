/**
 * The command-line tools on a WeCom deployment: with WECOM_* set, pledge.config.yml holds WeCom
 * UserIDs and its e-mail addresses are found among WeCom's members (the stand-in), so
 * `pledge digest` runs; without WECOM_* the same file is read as Slack's and refused.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';
import { WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

const CONFIG = `
locale: zh-CN
timezone: Asia/Shanghai
groups:
  - id: billing
    name: 账务组
    leader: li.wei@corp.example
    members: [zhangsan, lisi]
    channel: wrkSFfCgAAxxxx
    categories: [billing]
`;

describe('pledge commands on WeCom', () => {
  let dir: string;
  let standIn: WeComStandIn;
  beforeAll(async () => {
    dir = scratchDir('pledge-wecom-cli-');
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), CONFIG);
    standIn = await startWeComStandIn({ members: ['zhangsan', 'lisi', 'LiWei'] });
    standIn.emails.set('li.wei@corp.example', { userid: 'LiWei', type: 1 });
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const files = () => ({ PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_CONFIG: join(dir, 'pledge.config.yml') });
  const wecom = () => ({
    WECOM_CORP_ID: WECOM_CORP_ID,
    WECOM_AGENT_ID: String(WECOM_AGENT_ID),
    WECOM_SECRET: WECOM_SECRET,
    WECOM_TOKEN: WECOM_TOKEN,
    WECOM_ENCODING_AES_KEY: WECOM_AES_KEY,
    WECOM_API_URL: standIn.url,
  });

  it('reads WeCom UserIDs and looks e-mails up among WeCom members when WECOM_* is set', async () => {
    const r = await runPledge(['digest', '--now', '2026-12-01T09:00:00+08:00', '--dry-run'], { ...files(), ...wecom() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(standIn.calls('user/get_userid_by_email').map((c) => c.body)).toEqual([{ email: 'li.wei@corp.example', email_type: 1 }]);
  });

  it('reads the same file as Slack\'s without WECOM_*, and refuses its UserIDs', async () => {
    const r = await runPledge(['digest', '--now', '2026-12-01T09:00:00+08:00', '--dry-run'], files());
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/groups\[0\]\.members\[0\]: expected a Slack user id \(U…\) or an e-mail address, got "zhangsan"/);
  });
});
