/**
 * The WeCom adapter's group side: new complaints, lines about them and the daily digest, sent to
 * each group's chat through appchat/send or its robot (webhook/send), from the outbox.
 *
 * Limits: every message takes a send slot first (db/wecom-sends.ts), per robot (20 a minute)
 * or per group chat; with none left it is deferred to when one frees up, and WeCom's own "too
 * often" answers (45009, 45033) defer it a minute, so nothing is dropped. A message in several
 * parts (a long digest) records each part once it landed, so a retry or a deferral part-way
 * goes on with the next part and never repeats one.
 *
 * Neither appchat/send nor a robot can look up or drop a repeat of a message (message/send's
 * enable_duplicate_check is not offered there), so one case stays: WeCom took a part but its
 * answer was lost (a crash, a cut connection) and the retry sends that part again.
 */
import { DeliveryDeferred } from '../chat/deferred';
import { currentDelivery } from '../chat/delivery-context';
import { PermanentDeliveryError, type Line, type MessageRef } from '../chat/port';
import type { Clock } from '../clock';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import type { Store } from '../db/tx';
import { partSent, recordPartSent, takeSendSlot, WECOM_GROUP_CHAT_LIMITS, WECOM_ROBOT_LIMITS, type SendLimits } from '../db/wecom-sends';
import type { Locale } from '../i18n';
import { RATE_LIMITED, WeComApiError, type WeComApi } from './api-client';
import { appLink, type AppLinkSettings } from './app-links';
import { parseDestination, robotSlotName } from './group-destination';
import { channelLinePost, complaintPost, digestPosts, GROUP_CHAT_MARKDOWN_MAX_BYTES, ROBOT_MARKDOWN_MAX_BYTES, type GroupMessageContext } from './group-messages';
import { sendToGroupChat, sendToRobot } from './server-api';

/** WeCom's "too often" answers: the call may go later. 45033: too many calls at once. */
const TOO_OFTEN = new Set([RATE_LIMITED, 45033]);

/** Codes that say a message to this group will never go, however often it is tried. */
const PERMANENT = new Map<number, string>([
  [86003, 'no such group chat (its chatid in pledge.config.yml)'],
  [93000, "the robot's webhook key is wrong or the robot was removed"],
  [40008, 'invalid message type'],
  [44004, 'empty content'],
  [45002, 'content too long'],
]);

export interface GroupChatDeps {
  /** The app's server API, for appchat/send. */
  api: WeComApi;
  /** The server API's base (ending in /cgi-bin/), where a robot's webhook/send is. */
  apiUrl: string;
  /** Robot keys by the variable a group's `robot:<variable>` names (config/wecom-robots.ts). */
  robotKeys: ReadonlyMap<string, string>;
  prisma: Store;
  clock: Clock;
  locale: Locale;
  /** The zone of a complaint's group: dates read in it. */
  timeZoneOf(groupId: string): string;
  /** Where links to complaints' pages lead; absent without a public address: no links. */
  links?: AppLinkSettings;
  /** Limits in tests; WeCom's own otherwise. */
  limits?: { robot?: SendLimits; groupChat?: SendLimits };
}

interface Target {
  kind: 'robot' | 'appchat';
  /** Its name in the send-slot table. */
  slot: string;
  limits: SendLimits;
  send(content: string): Promise<string>;
}

export class WeComGroupChat {
  constructor(private readonly deps: GroupChatDeps) {}

  postComplaint(channel: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(channel, card.groupId, (ctx) => [complaintPost(ctx, card)]);
  }

  postChannelLine(channel: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    return this.post(channel, card.groupId, (ctx) => [channelLinePost(ctx, card, line)]);
  }

  postDigest(channel: string, digest: DigestModel): Promise<MessageRef> {
    return this.post(channel, digest.groupId, (ctx) => digestPosts(ctx, digest));
  }

  /** Sends the parts in order, each once; returns the last part's message id (WeCom may give none). */
  private async post(channel: string, groupId: string, render: (ctx: GroupMessageContext) => string[]): Promise<MessageRef> {
    const { prisma, clock, links, locale } = this.deps;
    const target = this.target(channel);
    const parts = render({
      locale,
      timeZone: this.deps.timeZoneOf(groupId),
      mentions: target.kind === 'robot',
      maxBytes: target.kind === 'robot' ? ROBOT_MARKDOWN_MAX_BYTES : GROUP_CHAT_MARKDOWN_MAX_BYTES,
      ...(links && { linkTo: (complaintId: string) => appLink(links, { page: 'complaint', complaintId }) }),
    });
    const delivery = currentDelivery();
    let id = '';
    for (const [n, content] of parts.entries()) {
      // Outside the outbox (a direct call) there is no retry to resume, so nothing to record.
      const key = delivery && parts.length > 1 ? `wecom.part:${delivery.key}:${n + 1}/${parts.length}` : undefined;
      if (key && (await partSent(prisma, key))) continue;
      const slot = await takeSendSlot(prisma, target.slot, clock.now(), target.limits);
      if (!slot.ok) throw new DeliveryDeferred(slot.until, `WeCom ${target.kind} limit reached for ${channel} (part ${n + 1} of ${parts.length})`);
      id = await this.sendOne(target, channel, content);
      if (key) await recordPartSent(prisma, key, clock.now());
    }
    return { channel, id };
  }

  private async sendOne(target: Target, channel: string, content: string): Promise<string> {
    try {
      return await target.send(content);
    } catch (error) {
      if (!(error instanceof WeComApiError)) throw error;
      if (TOO_OFTEN.has(error.errcode)) throw new DeliveryDeferred(new Date(this.deps.clock.now().getTime() + 60_000), `${error.message} (${channel})`);
      const why = PERMANENT.get(error.errcode);
      if (why) throw new PermanentDeliveryError(`${error.message} (${why}; ${channel})`);
      throw error;
    }
  }

  private target(channel: string): Target {
    const { api, apiUrl, robotKeys, limits } = this.deps;
    const destination = parseDestination(channel);
    if (!destination) throw new PermanentDeliveryError(`${JSON.stringify(channel)} is not a WeCom group chat id or robot:<variable>`);
    if (destination.kind === 'appchat') {
      return {
        kind: 'appchat',
        slot: `chat:${destination.chatId}`,
        limits: limits?.groupChat ?? WECOM_GROUP_CHAT_LIMITS,
        send: async (content) => String((await sendToGroupChat(api, destination.chatId, { msgtype: 'markdown', markdown: { content } })).msgid ?? ''),
      };
    }
    const key = robotKeys.get(destination.variable);
    // Start-up checks every robot a group names (config/wecom-robots.ts): this is a group added since.
    if (!key) throw new PermanentDeliveryError(`${destination.variable} holds no robot key (group channel ${channel})`);
    return {
      kind: 'robot',
      slot: robotSlotName(key),
      limits: limits?.robot ?? WECOM_ROBOT_LIMITS,
      send: async (content) => {
        await sendToRobot(apiUrl, key, { msgtype: 'markdown', markdown: { content } });
        return '';
      },
    };
  }
}
