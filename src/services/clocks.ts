/**
 * The lifecycle's side of the SLA clocks: start a stage's clock, meet it, pause and resume
 * them all while the complaint waits on the complainant, move one by a consented extension.
 * The sweep (services/sweep.ts) is the other side: warnings, breaches, escalations.
 */
import type { Priority } from '../domain/complaint';
import { clockKind, dueAt, thresholdAt, type Calendar, type ClockStage } from '../domain/sla';
import type { Tx } from '../db/tx';
import type { ServiceDeps } from './deps';

export interface StartClock {
  complaintId: string;
  stage: string;
  accountableId: string;
  clock: 'working' | 'elapsed';
  startedAt: Date;
  dueAt: Date;
  /** When the sweep must first look (the first warning threshold); defaults to dueAt. */
  firstCheckAt?: Date;
  /** Computed into a year the calendar has no holiday data for. */
  unknownYear?: boolean;
}

export async function startClock(tx: Tx, c: StartClock): Promise<void> {
  await tx.deadline.create({
    data: {
      complaintId: c.complaintId,
      stage: c.stage,
      accountableId: c.accountableId,
      clock: c.clock,
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      nextCheckAt: c.firstCheckAt ?? c.dueAt,
      unknownYear: c.unknownYear ?? false,
    },
  });
}

/**
 * Closes the stage's open clock. Met late is a breach, recorded even if the sweep never got
 * to announce it (say it ran out at night and was met before morning). The working time from
 * the complaint's filing to now is stored with it: what a report adds up.
 */
export async function meetClock(tx: Tx, complaint: { id: string; filedAt: Date }, stage: string, at: Date, calendar: Pick<Calendar, 'workingTimeBetween'>): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE "Deadline" SET "metAt" = $3, "nextCheckAt" = NULL, "workingMs" = $4::bigint,
       "breachedAt" = CASE WHEN "breachedAt" IS NULL AND "dueAt" < $3 AND "pausedAt" IS NULL THEN "dueAt" ELSE "breachedAt" END
     WHERE "complaintId" = $1 AND stage = $2 AND "metAt" IS NULL`,
    complaint.id,
    stage,
    at,
    Math.round(calendar.workingTimeBetween(complaint.filedAt, at)),
  );
}

/** Ends the wait's own clock (sla.maxPause) once the answer came: nobody was due to meet it. */
export async function endPause(tx: Tx, complaintId: string, at: Date): Promise<void> {
  await tx.deadline.updateMany({ where: { complaintId, stage: 'pause', metAt: null }, data: { metAt: at, nextCheckAt: null } });
}

/** Closes every open clock (withdrawn, rejected, archived): nothing is due any more. */
export async function closeAllClocks(tx: Tx, complaintId: string, at: Date): Promise<void> {
  await tx.deadline.updateMany({ where: { complaintId, metAt: null }, data: { metAt: at, nextCheckAt: null } });
}

/** Sets the new owner as accountable for the stages still open. */
export async function reassignClocks(tx: Tx, complaintId: string, accountableId: string): Promise<void> {
  await tx.deadline.updateMany({ where: { complaintId, metAt: null }, data: { accountableId } });
}

export async function openClocks(tx: Tx, complaintId: string) {
  return tx.deadline.findMany({ where: { complaintId, metAt: null }, orderBy: { dueAt: 'asc' } });
}


/** Stops every running clock: the complaint waits on the complainant. */
export async function pauseClocks(tx: Tx, complaintId: string, at: Date): Promise<number> {
  const { count } = await tx.deadline.updateMany({
    where: { complaintId, metAt: null, pausedAt: null },
    data: { pausedAt: at, nextCheckAt: null },
  });
  return count;
}

/**
 * Restarts paused clocks with the time they had left when paused: working time for working
 * clocks (a pause over a weekend costs nothing), elapsed time for elapsed ones. The sweep
 * looks at each again at once (nextCheckAt = now) to work out its next threshold.
 */
export async function resumeClocks(tx: Tx, complaintId: string, at: Date, calendar: Pick<Calendar, 'addWorkingTime' | 'workingTimeBetween' | 'yearsWithoutData'>): Promise<number> {
  const paused = await tx.deadline.findMany({ where: { complaintId, metAt: null, pausedAt: { not: null } } });
  for (const d of paused) {
    const pausedAt = d.pausedAt!;
    const dueAt =
      d.clock === 'working'
        ? calendar.addWorkingTime(at, calendar.workingTimeBetween(pausedAt, d.dueAt))
        : new Date(at.getTime() + Math.max(0, d.dueAt.getTime() - pausedAt.getTime()));
    // Shift the start too, so warning fractions keep measuring the same span.
    const startedAt = new Date(d.startedAt.getTime() + (dueAt.getTime() - d.dueAt.getTime()));
    const unknownYear = d.unknownYear || calendar.yearsWithoutData(startedAt, dueAt).length > 0;
    await tx.deadline.update({ where: { id: d.id }, data: { pausedAt: null, dueAt, startedAt, nextCheckAt: at, unknownYear } });
  }
  return paused.length;
}

/**
 * Moves an open clock to a new due time (a consented extension), noting whose consent moved it;
 * the sweep re-plans its thresholds.
 */
export async function extendClock(
  tx: Tx,
  deadlineId: string,
  dueAt: Date,
  at: Date,
  consent: 'complainant' | 'recorded',
  calendar: Pick<Calendar, 'yearsWithoutData'>,
): Promise<void> {
  const d = await tx.deadline.findUniqueOrThrow({ where: { id: deadlineId }, select: { startedAt: true, unknownYear: true } });
  // A new due time is a deadline computed like any other: one in a year without holiday data is flagged.
  const unknownYear = d.unknownYear || calendar.yearsWithoutData(d.startedAt, dueAt).length > 0;
  await tx.deadline.update({ where: { id: deadlineId }, data: { dueAt, nextCheckAt: at, consent, unknownYear } });
}

/** Starts `stage`'s clock for a complaint by the SLA policy, in its group's working time. */
export async function startStage(
  deps: ServiceDeps,
  tx: Tx,
  complaint: { id: string; priority: Priority; groupId: string },
  stage: ClockStage,
  accountableId: string,
  at: Date,
): Promise<Date> {
  const policy = deps.sla[stage];
  const limit = policy.limits[complaint.priority];
  const calendar = deps.calendarFor(complaint.groupId);
  const clock = clockKind(limit);
  const due = dueAt(limit, at, calendar);
  const first = policy.warnAt[0];
  await startClock(tx, {
    complaintId: complaint.id,
    stage,
    accountableId,
    clock,
    startedAt: at,
    dueAt: due,
    firstCheckAt: first === undefined ? due : thresholdAt(clock, at, due, first, calendar),
    unknownYear: calendar.yearsWithoutData(at, due).length > 0,
  });
  return due;
}
