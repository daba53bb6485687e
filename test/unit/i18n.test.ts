import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { escalationLevel, formatDateTime, formatDay, priorityLabel, sourceLabel, statusLabel, t, type Locale } from '../../src/i18n';
import { PRIORITIES, SOURCES, STATUSES } from '../../src/domain/complaint';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in every translation', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('cover every error code', () => {
    for (const code of ['not_found', 'not_allowed', 'stale', 'invalid_input', 'no_route', 'no_owner', 'storage', 'config']) {
      expect(Object.keys(en)).toContain(`error.${code}`);
    }
  });

  it('speak the pledge letters\u2019 words in zh-CN', () => {
    const all = Object.values(zhCN).join('\n');
    for (const word of ['投诉', '受理', '负责人', '首问负责', '组长', '回访', '归档', '紧急', '重大', '一般', '登记']) {
      expect(all).toContain(word);
    }
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'card.accepted', { user: '<@U1>', time: 'Mon 30 Nov, 14:00' })).toBe('Accepted by <@U1> at Mon 30 Nov, 14:00');
    expect(t('zh-CN', 'mine.more', { count: 3 })).toBe('……还有 3 条');
  });
  it('leaves a missing placeholder visible', () => {
    expect(t('en', 'card.accepted', { user: '<@U1>' })).toBe('Accepted by <@U1> at {time}');
    expect(t('en', 'card.accepted')).toBe('Accepted by {user} at {time}');
  });
  it('does not re-expand placeholders inside values', () => {
    expect(t('en', 'card.accepted', { user: '{time}', time: 'noon' })).toBe('Accepted by {time} at noon');
  });
  it('falls back to English for an unknown locale that slipped through', () => {
    expect(t('fr' as Locale, 'card.accept')).toBe('Accept');
  });
});

describe('labels', () => {
  it('exist for every priority, source and status', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const p of PRIORITIES) expect(priorityLabel(locale, p)).not.toMatch(/^priority\./);
      for (const s of SOURCES) expect(sourceLabel(locale, s)).not.toMatch(/^source\./);
      for (const s of STATUSES) expect(statusLabel(locale, s)).not.toMatch(/^status\./);
    }
    expect(priorityLabel('zh-CN', 'urgent')).toBe('紧急');
    expect(priorityLabel('zh-CN', 'major')).toBe('重大');
    expect(priorityLabel('zh-CN', 'normal')).toBe('一般');
  });
});

describe('formatDateTime', () => {
  const at = new Date('2026-11-30T06:00:00Z');
  it('formats in the given time zone, and names it', () => {
    expect(formatDateTime('en', at, 'Asia/Shanghai')).toBe('Mon 30 Nov, 14:00 (GMT+8)');
    expect(formatDateTime('zh-CN', at, 'Asia/Shanghai')).toBe('11月30日（周一）14:00（GMT+8）');
    expect(formatDateTime('en', at, 'UTC')).toBe('Mon 30 Nov, 06:00 (UTC)');
    expect(formatDateTime('en', at, 'Europe/Berlin')).toBe('Mon 30 Nov, 07:00 (GMT+1)');
    // The offset of that instant: summer time where the zone has it.
    expect(formatDateTime('en', new Date('2026-07-01T06:00:00Z'), 'Europe/Berlin')).toBe('Wed 1 Jul, 08:00 (GMT+2)');
  });
  it('shows midnight as 00:00, on the day it begins in that zone', () => {
    expect(formatDateTime('en', new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe('Tue 1 Dec, 00:00 (GMT+8)');
    // Night in Shanghai is still the afternoon before in New York.
    expect(formatDateTime('en', new Date('2026-11-30T16:00:00Z'), 'America/New_York')).toBe('Mon 30 Nov, 11:00 (GMT-5)');
  });
});

describe('formatDay', () => {
  it('names a calendar day the way each locale writes it, whatever the zone', () => {
    expect(formatDay('zh-CN', '2026-12-07')).toBe('12月7日（周一）');
    expect(formatDay('en', '2026-12-07')).toBe('Mon 7 Dec');
    expect(formatDay('en', 'not a date')).toBe('not a date');
  });
});

describe('escalationLevel', () => {
  it('says the level in words in zh-CN', () => {
    expect(escalationLevel('zh-CN', 1)).toBe('一级督办');
    expect(escalationLevel('zh-CN', 3)).toBe('三级督办');
    expect(escalationLevel('en', 2)).toBe('level 2');
  });
});
