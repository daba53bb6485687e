import { describe, expect, it } from 'vitest';
import { configProblems as problems } from '../support/config-problems';
import { chooseChatPlatform } from '../../src/config';

describe('the chat platform a deployment runs on', () => {
  it('is Slack when SLACK_* is set and WeCom when WECOM_* is; blank counts as unset', () => {
    expect(chooseChatPlatform({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toBe('slack');
    expect(chooseChatPlatform({ SLACK_APP_TOKEN: 'xapp-1', WECOM_CORP_ID: '  ' })).toBe('slack');
    expect(chooseChatPlatform({ WECOM_CORP_ID: 'ww0123456789abcdef', SLACK_BOT_TOKEN: '' })).toBe('wecom');
  });

  it('neither, or both, stops start-up with one line naming the settings', () => {
    expect(problems(() => chooseChatPlatform({}))).toEqual([
      'No chat platform is set up: set SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) to run on Slack, or WECOM_CORP_ID and the other WECOM_* settings to run on WeCom.',
    ]);
    expect(problems(() => chooseChatPlatform({ SLACK_BOT_TOKEN: 'xoxb-1', WECOM_SECRET: 'x'.repeat(20) }))).toEqual([
      'Both Slack (SLACK_BOT_TOKEN) and WeCom (WECOM_*) are set up: one deployment runs on one chat platform, so unset the settings of the one this deployment does not use.',
    ]);
  });
});
