/**
 * Bolt answers Slack the moment a listener calls ack(); the listener's work (and the error
 * handler's ephemeral reply) goes on after the HTTP response. Tests that must see that work
 * finished (or see that a second delivery changed nothing) wait for every request the app
 * took to be fully processed. Nothing is faked: the real processEvent runs, only observed.
 */
import type { App } from '@slack/bolt';

export type Settle = () => Promise<void>;

export function trackRequests(app: App): Settle {
  const inFlight = new Set<Promise<void>>();
  const processEvent = app.processEvent.bind(app);
  // HTTPReceiver calls `this.app.processEvent(event)` before it can ack, so a request is
  // tracked before its response reaches the test.
  app.processEvent = (event) => {
    const done = processEvent(event);
    inFlight.add(done);
    void done.then(
      () => inFlight.delete(done),
      () => inFlight.delete(done),
    );
    return done;
  };
  return async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
}
