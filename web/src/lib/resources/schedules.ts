// Schedules API for the dashboard: list/get/create/replace/delete, the draft preview (matched
// databases, why others are left out, transitions, hours asleep and savings), Instance Scheduler
// import, the coming week's sleep intervals per database (the calendar), plus the pure helpers the
// pages share: periods in words, and reading Instance Scheduler definitions as people have them.
// Types come from the Worker's OpenAPI document (../api/schema.d.ts); no hand-written parsing.
import { api, body, type Schemas } from '../api/client.ts';

type Definition = Schemas['ScheduleDefinition'];
export type Period = NonNullable<Definition['periods']>[number];
export type CronPair = NonNullable<Definition['cronPairs']>[number];
export type ScheduleException = NonNullable<Definition['exceptions']>[number];
export type SelectorMatcher = Definition['selector']['match'][number];

/** What the editor holds and sends: the API's ScheduleDefinition body with every flag set. */
export type ScheduleDraft = Omit<Definition, 'periods' | 'enforce' | 'dryRun' | 'enabled' | 'minimumSleepMinutes'> & {
	periods: Period[];
	enforce: boolean;
	dryRun: boolean;
	enabled: boolean;
	minimumSleepMinutes: number;
};

export type Schedule = Schemas['Schedule'];
export type SchedulePreview = Schemas['SchedulePreview'] & { unmatched?: Schemas['ScheduleDraftPreview']['unmatched'] };
export type PreviewDatabase = SchedulePreview['databases'][number];

/** A saved schedule as the editor's draft. */
export function draftOf(schedule: Pick<Schedule, 'definition' | 'minimumSleepMinutes'> & Partial<Pick<Schedule, 'maintenanceWake'>>): ScheduleDraft {
	const d = schedule.definition;
	return {
		...d,
		periods: d.periods ?? [],
		cronPairs: d.cronPairs ?? [],
		exceptions: d.exceptions ?? [],
		enforce: d.enforce ?? false,
		dryRun: d.dryRun ?? false,
		enabled: d.enabled ?? true,
		minimumSleepMinutes: schedule.minimumSleepMinutes,
		maintenanceWake: schedule.maintenanceWake ?? false
	};
}

/** Every schedule of the organization (follows the cursor). */
export async function listAllSchedules(maxPages = 10): Promise<Schedule[]> {
	const all: Schedule[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const result = await body(api.GET('/schedules', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }));
		all.push(...result.data);
		if (!result.nextCursor) break;
		cursor = result.nextCursor;
	}
	return all;
}

export const getSchedule = (id: string) => body(api.GET('/schedules/{id}', { params: { path: { id } } }));

export const createSchedule = (draft: ScheduleDraft) => body(api.POST('/schedules', { body: draft }));

export const replaceSchedule = (id: string, draft: ScheduleDraft) => body(api.PUT('/schedules/{id}', { params: { path: { id } }, body: draft }));

export async function deleteSchedule(id: string): Promise<void> {
	await api.DELETE('/schedules/{id}', { params: { path: { id } } });
}

export const previewDraft = (draft: ScheduleDraft, days = 7, signal?: AbortSignal): Promise<SchedulePreview> =>
	body(api.POST('/schedules/preview', { body: { schedule: draft, days }, ...(signal && { signal }) }));

export type ScheduleOverviewItem = Schemas['ScheduleOverview']['items'][number];

/** Every schedule's matched databases and next transition, in one call (what the list shows per row). */
export async function scheduleOverview(days = 7): Promise<Record<string, ScheduleOverviewItem>> {
	const result = await body(api.GET('/schedules/overview', { params: { query: { days } } }));
	return Object.fromEntries(result.items.map((i) => [i.scheduleId, i]));
}

export interface ImportResult {
	schedule: Schedule['definition'];
	warnings: string[];
	saved: Schedule | null;
}

/** Translates (dryRun) or imports an AWS Instance Scheduler schedule with its periods inlined. */
export async function importInstanceScheduler(schedule: unknown, dryRun: boolean): Promise<ImportResult> {
	const result = await body(api.POST('/schedules/import', { params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body: { format: 'instance-scheduler', schedule } }));
	return { schedule: result.schedule, warnings: result.warnings, saved: 'saved' in result ? (result.saved as Schedule) : null };
}

// ---------------------------------------------------------------------------------------------
// Words

const DAY_WORDS: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

function dayItemWords(item: string): string {
	return item
		.split(',')
		.map((part) =>
			part
				.trim()
				.toLowerCase()
				.replace(/^(\w{3})#(\d)$/, (_, d: string, n: string) => `${['', '1st', '2nd', '3rd', '4th', '5th'][Number(n)]} ${DAY_WORDS[d] ?? d}`)
				.replace(/^(\w{3})l$/, (_, d: string) => `last ${DAY_WORDS[d] ?? d}`)
				.replace(/\b(mon|tue|wed|thu|fri|sat|sun)\b/g, (d) => DAY_WORDS[d] ?? d)
				.replace('-', '–')
		)
		.join(', ');
}

/** One period in words, e.g. "Mon–Fri 08:00–19:00", "Fri 20:00 → 06:00 next day". */
export function periodInWords(p: Period): string {
	const parts: string[] = [];
	if (p.weekdays) parts.push(p.weekdays.map(dayItemWords).join(', '));
	if (p.monthdays) parts.push(`day ${p.monthdays.join(', ').replace(/\bL\b/g, 'last')}`);
	if (p.months) parts.push(`in ${p.months.join(', ')}`);
	const days = parts.length ? parts.join(' ') : 'Every day';
	if (p.begin && p.end) return `${days} ${p.begin}${p.begin > p.end ? ` → ${p.end} next day` : `–${p.end}`}`;
	if (p.begin) return `${days} from ${p.begin}`;
	if (p.end) return `${days} until ${p.end}`;
	return `${days}, all day`;
}

/** A schedule's running periods in words ("Awake Mon–Fri 08:00–19:00; …"). */
export function scheduleInWords(def: { periods?: Period[]; cronPairs?: CronPair[]; exceptions?: ScheduleException[] }): string {
	const words = (def.periods ?? []).map(periodInWords);
	for (const pair of def.cronPairs ?? []) words.push(`cron start "${pair.start}", stop "${pair.stop}"`);
	const text = words.length ? `Awake ${words.join('; ')}` : 'No running periods';
	const holidays = (def.exceptions ?? []).length;
	return holidays ? `${text} (${holidays} date exception${holidays === 1 ? '' : 's'})` : text;
}

// ---------------------------------------------------------------------------------------------
// The calendar

export type SleepCalendar = Schemas['SleepCalendar'];
export type CalendarRow = SleepCalendar['databases'][number];

/** Per database, when it sleeps in the coming `days` across all schedules and active overrides. */
export const getSleepCalendar = (days = 7) => body(api.GET('/calendar', { params: { query: { days } } }));

// ---------------------------------------------------------------------------------------------
// Instance Scheduler definitions as people have them

/** An Instance Scheduler schedule with its periods inlined (what POST /schedules/import takes). */
export interface InstanceSchedulerSchedule {
	name: string;
	timezone?: string;
	description?: string;
	enforced?: boolean;
	retain_running?: boolean;
	periods: Record<string, unknown>[];
	[field: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DynamoDB JSON ({"S": "x"}, {"SS": [...]}, {"BOOL": true}, {"N": "1"}) to plain values. */
function unmarshall(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(unmarshall);
	if (!isObject(value)) return value;
	const keys = Object.keys(value);
	if (keys.length === 1) {
		const [k] = keys as [string];
		const v = value[k];
		if (k === 'S' || k === 'BOOL') return v;
		if (k === 'N') return Number(v);
		if (k === 'SS' || k === 'NS') return Array.isArray(v) ? v.map((x) => (k === 'NS' ? Number(x) : x)) : v;
		if (k === 'L') return Array.isArray(v) ? v.map(unmarshall) : v;
		if (k === 'M') return unmarshall(v);
	}
	return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, unmarshall(v)]));
}

const truthy = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() === 'true' : v === true ? true : v === false ? false : undefined);
const csv = (v: unknown) => (Array.isArray(v) ? v.map(String).join(',') : typeof v === 'string' ? v : undefined);

/** A CloudFormation custom-resource schedule (PascalCase Properties) in Instance Scheduler's own words. */
function fromCloudFormation(logicalId: string, properties: Record<string, unknown>): InstanceSchedulerSchedule {
	const periods = Array.isArray(properties.Periods) ? properties.Periods.filter(isObject) : [];
	const out: InstanceSchedulerSchedule = {
		name: typeof properties.Name === 'string' ? properties.Name : logicalId,
		periods: periods.map((p) => {
			const period: Record<string, unknown> = {};
			if (p.BeginTime !== undefined) period.begintime = String(p.BeginTime);
			if (p.EndTime !== undefined) period.endtime = String(p.EndTime);
			for (const [from, to] of [['WeekDays', 'weekdays'], ['MonthDays', 'monthdays'], ['Months', 'months']] as const) {
				const value = csv(p[from]);
				if (value !== undefined) period[to] = value;
			}
			if (typeof p.Description === 'string') period.description = p.Description;
			return period;
		})
	};
	if (typeof properties.Timezone === 'string') out.timezone = properties.Timezone;
	if (typeof properties.Description === 'string') out.description = properties.Description;
	const enforced = truthy(properties.Enforced);
	if (enforced !== undefined) out.enforced = enforced;
	const retain = truthy(properties.RetainRunning);
	if (retain !== undefined) out.retain_running = retain;
	return out;
}

/**
 * The schedules in a pasted document: a schedule with its periods inlined; a CloudFormation
 * template or resource (`Custom::ServiceInstanceSchedule` Properties); or Instance Scheduler's
 * DynamoDB config items (`type: schedule` / `type: period`, plain or DynamoDB JSON), whose periods
 * are referenced by name (`name` or `name@instance-type`). Throws an Error saying what is missing.
 */
export function instanceSchedulerSchedules(doc: unknown): InstanceSchedulerSchedule[] {
	const plain = unmarshall(isObject(doc) && Array.isArray(doc.Items) ? doc.Items : doc);
	if (isObject(plain) && isObject(plain.Resources)) {
		const found = Object.entries(plain.Resources)
			.filter(([, r]) => isObject(r) && typeof r.Type === 'string' && /InstanceSchedule|ScheduleDefinition/i.test(r.Type) && isObject(r.Properties))
			.map(([id, r]) => fromCloudFormation(id, (r as { Properties: Record<string, unknown> }).Properties));
		if (!found.length) throw new Error('The template has no Instance Scheduler schedule resource (Type Custom::ServiceInstanceSchedule).');
		return found;
	}
	if (isObject(plain) && isObject(plain.Properties)) return [fromCloudFormation('schedule', plain.Properties)];
	const items = Array.isArray(plain) ? plain.filter(isObject) : isObject(plain) ? [plain] : [];
	if (!items.length) throw new Error('Paste a schedule as JSON or YAML.');
	const periodsByName = new Map(items.filter((i) => i.type === 'period' && typeof i.name === 'string').map((i) => [i.name as string, i]));
	const schedules = items.filter((i) => i.type === 'schedule' || (i.type === undefined && 'periods' in i));
	if (!schedules.length) throw new Error('No schedule found: give items with type "schedule" (and their "period" items), or a schedule with its periods inlined.');
	return schedules.map((s) => {
		const { type: _type, ...rest } = s;
		const refs = Array.isArray(s.periods) ? s.periods : typeof s.periods === 'string' ? s.periods.split(',') : [];
		const periods = refs.map((ref) => {
			if (isObject(ref)) return ref;
			const name = String(ref).trim().split('@')[0]!;
			const period = periodsByName.get(name);
			if (!period) throw new Error(`Schedule "${String(s.name)}" uses period "${name}", which is not in the pasted items.`);
			const { type: _t, name: _n, ...fields } = period;
			return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
		});
		const out = { ...rest, name: String(s.name ?? ''), periods } as InstanceSchedulerSchedule;
		for (const key of ['enforced', 'retain_running'] as const) if (typeof out[key] === 'string') out[key] = truthy(out[key]) ?? false;
		return out;
	});
}
