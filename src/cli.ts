/**
 * `pledge <command>`: operations outside chat.
 *   sweep [--now <ISO>] [--dry-run] [--per-transaction <n>]   one sweep of the time limits, printed
 *   digest [--now <ISO>] [--dry-run] [--group <id>]   queue (or print) today's digests
 *   migrate            apply pending database migrations (start-up does this too)
 *   outbox [--all]     list undelivered (or failed) outgoing messages
 *   audit verify [--head <hash>]   check the audit log's hash chain (and that a head recorded
 *                      earlier is still in it); exit code 1 when it is broken
 *   db create-runtime-role <name>   the role the bot runs as on a server: owns nothing
 *   keys rotate        re-seal every customer contact with the current data key
 *   retention erase --older-than-days <N>   erase contacts of complaints archived N days ago
 */
import { pledgeMain } from './cli/main';

pledgeMain(process.argv.slice(2)).then((code) => process.exit(code));
