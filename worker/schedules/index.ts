/**
 * Public API of the schedule-evaluation core: what a schedule definition is, what it wants for a
 * database at an instant, when that changes, which databases it selects, and import from
 * Instance Scheduler on AWS.
 *
 * Owns: nothing but the re-exports; everything here is pure (no I/O, no D1, no fetch, no clock).
 * Never: add logic here — put it in the module that owns it.
 */
export {
  ScheduleDefinitionSchema,
  PeriodSchema,
  CronPairSchema,
  ExceptionSchema,
  type DesiredState,
  type ScheduleDefinition,
  type ScheduleDefinitionInput,
  type Period,
  type CronPair,
  type ScheduleException,
} from "./model.ts";
export {
  evaluateSchedule,
  explainSchedule,
  scheduleTransitions,
  nextTransition,
  combineStates,
  DEFAULT_HORIZON_MS,
  MAX_TRANSITION_RANGE_MS,
  type ScheduleExplanation,
} from "./evaluate.ts";
export { SelectorSchema, SelectorMatcherSchema, matchesSelector, failedMatchers, describeMatcher, type Selector, type SelectorMatcher, type SelectableDatabase } from "./selector.ts";
export {
  importInstanceScheduler,
  importInstanceSchedulerDetailed,
  InstanceSchedulerImportError,
  type ImportIssue,
  type InstanceSchedulerSchedule,
  type InstanceSchedulerPeriod,
} from "./instance-scheduler.ts";
export { isValidTimeZone } from "./timezone.ts";
export {
  acu,
  capacityAt,
  combineCapacity,
  fitToEngine,
  leastMinAcu,
  nextCapacityChange,
  scalesInsteadOfStopping,
  supportsAutoPause,
  type CapacityRange,
  type CapacityTarget,
  type ScheduleCapacity,
} from "./capacity.ts";
