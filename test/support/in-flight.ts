/**
 * Bolt answers Slack the moment a listener calls ack(); the listener's work (and the error
 * handler's ephemeral reply) goes on after the HTTP response. Tests that must see that work
 * finished (or see that a second delivery changed nothing) wait for every request the app
 * took to be fully processed: the Slack app's own `settled()`, which its stop waits on too.
 * Nothing is faked: the real processEvent runs, only observed.
 */
export type Settle = () => Promise<void>;
