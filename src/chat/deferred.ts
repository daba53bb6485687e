/**
 * A delivery that may not go yet (a platform's per-person rate limit, say): the dispatcher puts
 * the message back until `until` without counting an attempt. Unlike a failure, waiting is not
 * the message's fault, so it never uses up its retries.
 */
export class DeliveryDeferred extends Error {
  override name = 'DeliveryDeferred';
  constructor(
    readonly until: Date,
    why: string,
  ) {
    super(why);
  }
}
