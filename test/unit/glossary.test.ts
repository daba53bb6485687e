/**
 * The catalogs speak GLOSSARY.md's words and hold no chat markup. A retired term or a stray
 * `*bold*` added by any later change fails here, naming the key.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';

/** Retired zh-CN terms, each with the word that replaces it (GLOSSARY.md). */
const RETIRED_ZH: [RegExp, string][] = [
  [/你/, '您, in every text'],
  [/不予受理/, '驳回（不合理投诉） / 驳回率 for a rejection'],
  [/升级/, '督办 for an escalation'],
  [/第 ?\{?\w*\}? ?级/, '一级督办 (the level in words, via escalationLevel)'],
  [/批准督办/, '接手督办'],
  [/主管|督导/, '督查人员 for a supervisor'],
  [/已解决|解决率/, '已办结 / 办结率'],
  [/(?<!首问)负责人/, '承办人 for the handler (首问负责人 stays)'],
  [/首问责任人|处理人/, '首问负责人 / 承办人'],
  [/客户/, '投诉人'],
  [/已提交.{0,4}督办/, '已提请…督办'],
];

const RETIRED_EN: [RegExp, string][] = [
  [/\bapprove(d)? (the )?escalation\b/i, 'take on the escalation'],
  [/\bnothing to report\b/i, 'nothing new, nothing resolved, no open complaints'],
  [/\bfirst responder\b/i, 'first contact'],
  [/(?<!\{)\bowners?\b(?!\})/i, 'handler'],
];

/** Slack's mrkdwn: bold, italic, emoji codes, code spans, mentions and links. */
const MARKUP: [RegExp, string][] = [
  [/\*[^*\s][^*]*\*/, '*bold*'],
  [/(^|[^\w{])_[^_\s][^_]*_(?!\w)/, '_italic_'],
  [/:[a-z0-9_+-]+:/, ':emoji:'],
  [/`/, '`code`'],
  [/<[@#!]|<https?:/, 'a mention or link'],
];

function offences(catalog: Record<string, string>, rules: [RegExp, string][]): string[] {
  return Object.entries(catalog).flatMap(([key, text]) =>
    rules.filter(([pattern]) => pattern.test(text)).map(([pattern, instead]) => `${key}: "${text}" matches ${pattern} (use ${instead})`),
  );
}

describe('the glossary', () => {
  it('retires terms from the zh-CN catalog', () => {
    expect(offences(zhCN, RETIRED_ZH)).toEqual([]);
  });

  it('retires terms from the en catalog', () => {
    expect(offences(en, RETIRED_EN)).toEqual([]);
  });

  it('catches a retired term when one comes back', () => {
    expect(offences({ 'x.escalated': '已升级（第 1 级）', 'x.rejected': '不予受理', 'x.you': '你的投诉' }, RETIRED_ZH)).toHaveLength(4);
    expect(offences({ 'x.fine': '投诉 PLG-1 已提请您督办（一级督办）', 'x.first': '首问负责人' }, RETIRED_ZH)).toEqual([]);
  });

  it('is one file in the repo, linked from the README', () => {
    const glossary = readFileSync(new URL('../../GLOSSARY.md', import.meta.url), 'utf8');
    for (const term of ['首问负责人', '承办人', '组长', '督办', '督查人员', '驳回（不合理投诉）', '已办结', '延期', '满意度回访', '归档', '申请复核']) {
      expect(glossary).toContain(term);
    }
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8').includes('](GLOSSARY.md)'), 'README links GLOSSARY.md').toBe(true);
  });
});

describe('catalogs hold words, not Slack markup', () => {
  it('in en and zh-CN', () => {
    expect([...offences(en, MARKUP), ...offences(zhCN, MARKUP)]).toEqual([]);
  });

  it('would catch each kind of markup', () => {
    const marked = { a: 'Complaint *{reference}*', b: '_{status}_', c: ':rotating_light: 督办', d: 'use `/complaint`', e: 'hi <@U123>' };
    expect(offences(marked, MARKUP)).toHaveLength(5);
    expect(offences({ a: '{reference} · {title}', b: '<编号>', c: '12:30', d: 'P90 (1-5)' }, MARKUP)).toEqual([]);
  });
});
