export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock times 'HH:MM'; `end` may be '24:00' (midnight at the end of the day). */
export interface TimeRange {
  start: string;
  end: string;
}

export interface CalendarSpec {
  /** IANA zone; working hours and dates are local to it. */
  timeZone: string;
  /** The normal week; a day with an empty list is a day off (weekend). */
  workingHours: Record<Weekday, readonly TimeRange[]>;
  /** Hours on an extra working day (调休 Saturday); default: Monday's hours. */
  workdayHours?: readonly TimeRange[];
  /** 'YYYY-MM-DD' local dates that are off; they win over the holiday data. */
  holidays: readonly string[];
  /** 'YYYY-MM-DD' local dates worked with workdayHours; they win over the holiday data. */
  workdays: readonly string[];
}

/** Public holidays and extra working days per year, as the data loader found them. */
export type HolidayTable = Record<number, { holidays: readonly string[]; workdays: readonly string[] }>;

export interface BusinessCalendar {
  readonly timeZone: string;
  isWorkingTime(t: Date): boolean;
  /** `ms` of working time after `start`; counting begins at the next working instant. */
  addWorkingTime(start: Date, ms: number): Date;
  /**
   * End of working hours on the nth working day after the local day of `start`. That day
   * itself is never counted, whether it is a working day or not, and whatever the hour.
   */
  endOfNthWorkingDay(start: Date, n: number): Date;
  /** Working time in ms from a to b; 0 if b <= a. */
  workingTimeBetween(a: Date, b: Date): number;
  /** `t` itself when it is working time, else the start of the next working period. */
  nextWorkingStart(t: Date): Date;
  /** The local date of `t`, 'YYYY-MM-DD'. */
  localDate(t: Date): string;
  /** Whether the local date 'YYYY-MM-DD' has any working hours. */
  isWorkingDay(date: string): boolean;
  /** Local years from `from` to `to` for which there is no holiday data: counted as a plain week. */
  yearsWithoutData(from: Date, to: Date): number[];
}
