/** The demo's own words, in both languages the bot speaks (the bot's texts come from src/i18n). */
import type { Locale } from '../src/i18n';

const en = {
  title: 'Pledge, the whole story, without a Slack workspace',
  cast: 'Alice files complaints, Bob owns them, Carol leads the Billing group, Dana supervises.',
  at: '{when}',
  files: 'Alice types /complaint and fills in the form.',
  accepts: 'Bob presses Accept: he is now the first responder (首问负责制).',
  investigates: 'Bob starts investigating.',
  weekend: 'The weekend passes. The sweep runs every minute and stays quiet: no working time goes by.',
  digest: 'The daily digest arrives in #billing.',
  sweep: 'The sweep looks at every clock.',
  escalated: 'Carol reads the escalation and approves it, leaving the complaint with Bob.',
  solution: 'Bob proposes a solution.',
  resolves: 'Bob resolves the complaint and reports the result back to Alice.',
  rates: 'Alice rates the result.',
  end: 'End of the story: {count} messages were sent, each exactly once.',
  sees: '{who} sees',
  channel: 'in #{channel}',
  thread: 'in the thread in #{channel}',
  dm: 'in a direct message',
  only_you: 'only visible to them',
  modal: 'a form',
  updated: 'the message in #{channel} changes to',
  dm_updated: "the message in {who}'s direct messages changes to",
  home: "{who}'s App Home is refreshed",
} as const;

const zhCN: Record<keyof typeof en, string> = {
  title: 'Pledge 的完整故事，无需 Slack 工作区',
  cast: 'Alice 提交投诉，Bob 负责处理，Carol 是账务组组长，Dana 是督导。',
  at: '{when}',
  files: 'Alice 输入 /complaint 并填写表单。',
  accepts: 'Bob 点击“受理”：他成为首问负责人（首问负责制）。',
  investigates: 'Bob 开始调查。',
  weekend: '周末过去了。巡检每分钟运行一次，但没有工作时间流逝，因此没有提醒。',
  digest: '每日简报发到了 #billing。',
  sweep: '巡检检查每一个时限。',
  escalated: 'Carol 阅读升级并批准，投诉仍由 Bob 负责。',
  solution: 'Bob 提出处理方案。',
  resolves: 'Bob 办结投诉，并把处理结果反馈给 Alice。',
  rates: 'Alice 对处理结果进行评价（回访）。',
  end: '故事结束：共发送 {count} 条消息，每条恰好一次。',
  sees: '{who} 看到',
  channel: '在 #{channel}',
  thread: '在 #{channel} 的讨论串中',
  dm: '在私信中',
  only_you: '仅本人可见',
  modal: '一个表单',
  updated: '#{channel} 中的消息更新为',
  dm_updated: '{who} 私信中的消息更新为',
  home: '{who} 的应用主页已刷新',
};

export type NarrationKey = keyof typeof en;

export function say(locale: Locale, key: NarrationKey, params: Record<string, string | number> = {}): string {
  const template = (locale === 'zh-CN' ? zhCN : en)[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
