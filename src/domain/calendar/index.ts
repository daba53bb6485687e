/**
 * The business calendar: working time in a time zone with weekly working hours, public
 * holidays and extra working days (调休). Pure: holiday data comes in as a HolidayTable.
 */
export { buildCalendar } from './calendar';
export { checkRanges, clockMinutes, parseTimeRange } from './hours';
export { formatDate, parseDate } from './dates';
export { WEEKDAYS } from './types';
export type { BusinessCalendar, CalendarSpec, HolidayTable, TimeRange, Weekday } from './types';
