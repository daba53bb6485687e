import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Hardcoded until slack/ids.ts exports it; the manifest and the listener must agree.
const FILE_FROM_MESSAGE_CALLBACK = 'file_complaint_from_message';

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string; description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; usage_hint: string; description: string }[];
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(fileURLToPath(new URL('../../manifest.yml', import.meta.url)), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares /complaint with its usage hint', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/complaint', usage_hint: '[help|mine|show <ref>|history <ref>|digest [group]|stats [week|month|quarter] [chart]]' }),
    ]);
  });

  it('declares the message shortcut the listener handles', () => {
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ name: 'File as complaint', type: 'message', callback_id: FILE_FROM_MESSAGE_CALLBACK }),
    ]);
  });

  it('sends commands, interactions and events to the one path Bolt listens on', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the bot uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:history',
        'chat:write',
        'commands',
        'files:write',
        'groups:history',
        'groups:read',
        'groups:write',
        'im:history',
        'im:write',
        'pins:write',
        'reactions:read',
        'users:read',
        'users:read.email',
      ].sort(),
    );
  });

  it('subscribes to the events the bot handles, over HTTP by default', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'reaction_added']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it('stays within the limits Slack documents for manifest fields', () => {
    const { display_information: app, features } = manifest;
    expect(app.name.length).toBeLessThanOrEqual(35);
    expect(app.description.length).toBeLessThanOrEqual(140);
    expect(features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const s of features.shortcuts) expect(s.description.length).toBeLessThanOrEqual(150);
    for (const c of features.slash_commands) expect(c.command.length).toBeLessThanOrEqual(32);
    expect(manifest._metadata.major_version).toBe(1);
  });
});
