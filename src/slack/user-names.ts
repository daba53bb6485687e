/**
 * People's display names, for messages that name someone without mentioning them (a mention
 * notifies). users.info is Tier 4 (100+ a minute); a digest names a group's few owners.
 */
import type { WebClient } from '@slack/web-api';

interface SlackUser {
  real_name?: string;
  name?: string;
  profile?: { display_name?: string; real_name?: string };
}

function nameOf(user: SlackUser | undefined): string | undefined {
  const candidates = [user?.profile?.display_name, user?.profile?.real_name, user?.real_name, user?.name];
  return candidates.find((n): n is string => typeof n === 'string' && n.trim() !== '')?.trim();
}

/**
 * Names by user id. Someone Slack cannot find (or a failed lookup) is simply missing: the
 * caller shows the id instead, which still pings nobody, and a message is never held up by it.
 */
export async function displayNames(client: WebClient, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      try {
        const answer = await client.users.info({ user: id });
        const name = nameOf(answer.user as SlackUser | undefined);
        if (name) names.set(id, name);
      } catch {
        // The id stands in for the name; see above.
      }
    }),
  );
  return names;
}
