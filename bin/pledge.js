#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, registered in this process, so `npx pledge ...`
// works without a build step. In this process rather than a child: a child doubled the start-up
// (~50 ms of CPU and a second Node's memory), and a signal sent to this process (a cron job's
// timeout, a kill) did not reach the child, which went on running.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
