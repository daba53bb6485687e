/**
 * The cron jobs. Each is `distributed`: with several replicas on one database, the
 * DatabaseRunCoordinator lets exactly one of them run each fire. Within a fire the sweep's own
 * claims keep any action from happening twice even if two sweeps overlap.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { RunCoordinator } from 'node-cron';

export interface Job {
  name: string;
  /** node-cron expression. */
  expression: string;
  timezone: string;
  run(): Promise<unknown>;
}

export interface Schedules {
  stop(): Promise<void>;
}

export function startSchedules(jobs: Job[], coordinator: RunCoordinator, onError: (job: string, error: unknown) => void): Schedules {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.expression,
      async () => {
        try {
          await job.run();
        } catch (error) {
          onError(job.name, error);
        }
      },
      { name: job.name, timezone: job.timezone, distributed: true, runCoordinator: coordinator, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map(async (t) => {
        await t.stop();
        await t.destroy();
      }));
    },
  };
}
