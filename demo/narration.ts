/** The demo's own words, in both languages the bot speaks (the bot's texts come from src/i18n). */
import type { Locale } from '../src/i18n';

const en = {
  title: 'Pledge, the whole story, without a Slack workspace',
  cast: 'Alice files complaints (her own, and callers\' on their behalf), Bob owns them, Carol leads the Billing group, Dana supervises.',
  at: '{when}',
  files: 'Alice types /complaint and fills in the form.',
  accepts: 'Bob presses Accept: he is now the first responder (首问负责制).',
  investigates: 'Bob starts investigating.',
  holiday: 'The National Day holiday (1-7 October) passes. The sweep runs every minute and stays quiet: no working time goes by.',
  asks: 'Bob needs to know which card was charged: he asks Alice. The clocks stop until she answers.',
  answers: 'Alice answers from her direct messages; the clocks run again.',
  phone_files: 'Mr Wang calls the hotline. Alice files his complaint for him: source Phone, his name and number.',
  phone_rejects: 'Bob accepts it, checks the membership terms and asks Carol to reject it as unreasonable.',
  phone_approved: 'Carol approves the rejection.',
  saturday: 'Saturday 10 October is a working day this year (调休, making up for the holiday): the clocks run, and the sweep warns.',
  extension: 'Bob asks Alice for more time.',
  consents: 'Alice agrees: the time limit moves.',
  digest: 'The daily digest arrives in #billing.',
  sweep: 'The sweep looks at every clock.',
  escalated: 'Carol reads the escalation and approves it, leaving the complaint with Bob.',
  solution: 'Bob proposes a solution.',
  resolves: 'Bob resolves the complaint and reports the result back to Alice.',
  rates: 'Alice rates the result.',
  end: 'End of the story: {count} messages were sent, each exactly once.',
  seen_channel: '#{channel} shows',
  seen_thread: 'the thread in #{channel} shows',
  seen_dm: '{who} gets a direct message',
  seen_privately: '{who} sees, only visible to them',
  seen_modal: '{who} sees a form',
  colon: ':',
  updated: 'the message in #{channel} changes to',
  dm_updated: "the message in {who}'s direct messages changes to",
  home: "{who}'s App Home is refreshed",
} as const;

const zhCN: Record<keyof typeof en, string> = {
  title: 'Pledge 的完整故事，无需 Slack 工作区',
  cast: 'Alice 登记投诉（她自己的，以及代来电投诉人登记的），Bob 承办，Carol 是账务组组长，Dana 是督查人员。',
  at: '{when}',
  files: 'Alice 输入 /complaint 并填写表单。',
  accepts: 'Bob 点击“受理”：他成为首问负责人（首问负责制）。',
  investigates: 'Bob 开始调查。',
  holiday: '国庆假期（10月1日至7日）过去了。巡检每分钟运行一次，但假期不计工作时间，因此没有提醒。',
  asks: 'Bob 需要确认被扣款的银行卡，向 Alice 询问。投诉人答复前，时限暂停计算。',
  answers: 'Alice 在私信中答复，时限恢复计算。',
  phone_files: '王先生致电客服热线。Alice 代他登记投诉：投诉渠道为电话，并填写他的姓名和号码。',
  phone_rejects: 'Bob 受理后核对会员协议，申请将其认定为不合理投诉并驳回，报组长 Carol 审批。',
  phone_approved: 'Carol 批准驳回。',
  saturday: '10月10日是周六，但今年是调休上班日：时限照常计算，巡检发出提醒。',
  extension: 'Bob 向 Alice 申请延期。',
  consents: 'Alice 同意延期，时限随之顺延。',
  digest: '每日简报发到了 #billing。',
  sweep: '巡检检查每一个时限。',
  escalated: 'Carol 查看督办请求并确认，投诉仍由 Bob 承办。',
  solution: 'Bob 提出处理方案。',
  resolves: 'Bob 办结投诉，并把处理结果反馈给 Alice。',
  rates: 'Alice 对处理结果进行评价（回访）。',
  end: '故事结束：共发送 {count} 条消息，无重复发送。',
  seen_channel: '#{channel} 频道显示',
  seen_thread: '#{channel} 频道的消息串显示',
  seen_dm: '{who} 收到私信',
  seen_privately: '{who} 看到（仅本人可见）',
  seen_modal: '{who} 看到表单',
  colon: '：',
  updated: '#{channel} 中的消息更新为',
  dm_updated: '{who} 私信中的消息更新为',
  home: '{who} 的应用主页已刷新',
};

export type NarrationKey = keyof typeof en;

export function say(locale: Locale, key: NarrationKey, params: Record<string, string | number> = {}): string {
  const template = (locale === 'zh-CN' ? zhCN : en)[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
