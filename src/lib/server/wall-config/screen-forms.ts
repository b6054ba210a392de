import { DateTime } from 'luxon';
import type { admin } from '../../i18n/fr/admin.ts';
import { LIMITED_STATES, type AgentStateLimit, type LimitedState } from '../../domain/agent-limits.ts';
import { THRESHOLD_METRICS, type ThresholdMetric, type Thresholds } from '../../domain/thresholds.ts';
import { ALARM_RULE_BOUNDS, ALARM_RULE_FIELDS, type AlarmRuleField, type OwnAlarmRules } from '../../domain/alarms.ts';
import type { ScreenView } from '../../protocol.ts';
import { isScreenLayout, SCREEN_NAME } from './screens.ts';

/** The admin forms, read and checked; an error is an i18n key under `admin.errors`, so the page's `t()` is checked. */
export type FormError = keyof typeof admin.errors;
export type FormResult<T> = { ok: true; value: T } | { ok: false; error: FormError };

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** `knownQueues`: the queues a screen may show; a name outside them is refused rather than kept silently. */
export function readScreenForm(
	form: FormData,
	knownScreens: string[],
	knownQueues: string[] | null = null,
	knownTeams: string[] | null = null
): FormResult<ScreenView> {
	const name = text(form, 'name');
	if (!SCREEN_NAME.test(name)) return { ok: false, error: 'screenName' };
	const layout = text(form, 'layout');
	if (!isScreenLayout(layout)) return { ok: false, error: 'layout' };
	const rotateEverySeconds = Number(text(form, 'rotate_every_s') || 20);
	if (!Number.isInteger(rotateEverySeconds) || rotateEverySeconds < 5 || rotateEverySeconds > 3600)
		return { ok: false, error: 'rotateEvery' };
	const title = text(form, 'title').replace(/\s+/g, ' ');
	if (title.length > 60) return { ok: false, error: 'screenTitle' };
	const team = text(form, 'team') || null;
	if (team !== null && knownTeams !== null && !knownTeams.includes(team)) return { ok: false, error: 'unknownTeam' };
	const queues = form.getAll('queues').map(String);
	if (knownQueues !== null && queues.some((q) => !knownQueues.includes(q))) return { ok: false, error: 'unknownQueue' };
	// The rotation in the order the administrator gives: `rotation_pos.<screen>` = 1, 2, 3… (empty: not shown).
	const positions = [...form.keys()]
		.filter((key) => key.startsWith('rotation_pos.'))
		.map((key) => ({ screen: key.slice('rotation_pos.'.length), position: text(form, key) }))
		.filter((p) => p.position !== '');
	if (positions.some((p) => !/^\d{1,3}$/.test(p.position))) return { ok: false, error: 'rotationOrder' };
	const rotation = [
		...positions.sort((a, b) => Number(a.position) - Number(b.position)).map((p) => p.screen),
		...form.getAll('rotation').map(String)
	].filter((n, i, all) => n !== name && knownScreens.includes(n) && all.indexOf(n) === i);
	// No queue ticked: every queue, including those that appear later.
	return {
		ok: true,
		value: {
			name,
			title: title || null,
			layout,
			queues: queues.length > 0 ? queues : null,
			team,
			rotation,
			rotateEverySeconds
		}
	};
}

function isThresholdMetric(value: string): value is ThresholdMetric {
	return (THRESHOLD_METRICS as readonly string[]).includes(value);
}

/** Both limits empty: back to the product's defaults. */
export function readThresholdForm(
	form: FormData
): FormResult<{ queue: string; metric: ThresholdMetric; thresholds: Thresholds | null }> {
	const queue = text(form, 'queue');
	const metric = text(form, 'metric');
	if (!queue || !isThresholdMetric(metric)) return { ok: false, error: 'threshold' };
	const warn = text(form, 'warn');
	const alarm = text(form, 'alarm');
	if (warn === '' && alarm === '') return { ok: true, value: { queue, metric, thresholds: null } };
	const limits = { warn: Number(warn), alarm: Number(alarm) };
	if (!Number.isFinite(limits.warn) || !Number.isFinite(limits.alarm) || warn === '' || alarm === '')
		return { ok: false, error: 'threshold' };
	// Service level: less is worse, so its alarm sits below its warning; every other figure the other way round.
	const lessIsWorse = metric === 'service_level_pct';
	if (lessIsWorse ? limits.alarm > limits.warn : limits.alarm < limits.warn)
		return { ok: false, error: 'thresholdOrder' };
	return { ok: true, value: { queue, metric, thresholds: limits } };
}

/**
 * A ticker message: its text, its screen (or every screen), when it starts (`starts`, the site's local time from a
 * `datetime-local` box; empty: now), how many hours it lasts from then (0: until deleted), and whether it is urgent.
 */
export function readTickerForm(
	form: FormData,
	knownScreens: string[],
	now: Date,
	zone = 'Europe/Paris'
): FormResult<{ text: string; screen: string | null; expiresAt: Date | null; startsAt: Date | null; urgent: boolean }> {
	const message = text(form, 'text');
	if (message.length < 1 || message.length > 280) return { ok: false, error: 'tickerText' };
	const screen = text(form, 'screen') || null;
	if (screen !== null && !knownScreens.includes(screen)) return { ok: false, error: 'screenName' };
	const hours = Number(text(form, 'hours') || 0);
	if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 31) return { ok: false, error: 'tickerHours' };
	const starts = text(form, 'starts');
	let startsAt: Date | null = null;
	if (starts !== '') {
		const local = DateTime.fromISO(starts, { zone });
		if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(starts) || !local.isValid) return { ok: false, error: 'tickerStart' };
		startsAt = local.toJSDate();
	}
	const from = startsAt !== null && startsAt > now ? startsAt : now;
	return {
		ok: true,
		value: {
			text: message,
			screen,
			expiresAt: hours > 0 ? new Date(from.getTime() + hours * 3600_000) : null,
			startsAt,
			urgent: form.get('urgent') !== null
		}
	};
}

/** One cell of the threshold grid: a queue's own limits for a figure, or `null` to inherit the defaults. */
export interface ThresholdCell {
	queue: string;
	metric: ThresholdMetric;
	thresholds: Thresholds | null;
}

/** What was wrong in one cell, named by its queue (`''`: the site's defaults) and figure so the page can say which. */
export interface ThresholdCellError {
	queue: string;
	metric: ThresholdMetric | AlarmRuleField | null;
	error: FormError;
}

/** One row of alarm rules from the grid: a queue's (or the site's, `queue` `''`), empty boxes inheriting. */
export interface AlarmRulesRow {
	queue: string;
	rules: OwnAlarmRules;
}

/**
 * The alarm rules' columns of the threshold grid: `site.<field>` for the site's defaults, `<field>.<i>` for row i's
 * queue (`queue.<i>`); an empty box inherits. Whole numbers within `ALARM_RULE_BOUNDS`; each error names its queue
 * and figure.
 */
export function readAlarmRulesGrid(
	form: FormData,
	knownQueues: string[]
): { ok: true; value: AlarmRulesRow[] } | { ok: false; errors: ThresholdCellError[] } {
	const rows: AlarmRulesRow[] = [];
	const errors: ThresholdCellError[] = [];
	const readRow = (queue: string, name: (field: AlarmRuleField) => string) => {
		const rules: OwnAlarmRules = {};
		for (const field of ALARM_RULE_FIELDS) {
			const typed = text(form, name(field));
			if (typed === '') continue;
			const value = Number(typed);
			const { min, max } = ALARM_RULE_BOUNDS[field];
			if (!/^\d+$/.test(typed) || value < min || value > max) {
				errors.push({ queue, metric: field, error: field === 'min_offered' ? 'minOffered' : 'escalateAfter' });
				continue;
			}
			if (field === 'min_offered') rules.minOffered = value;
			else rules.escalateAfterMin = value;
		}
		rows.push({ queue, rules });
	};
	if (form.has('site.min_offered') || form.has('site.escalate_after_min')) readRow('', (field) => `site.${field}`);
	for (let i = 0; form.has(`queue.${i}`); i++) {
		const queue = text(form, `queue.${i}`);
		if (knownQueues.includes(queue)) readRow(queue, (field) => `${field}.${i}`);
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rows };
}

/**
 * The threshold grid (queues × figures), as one form: `queue.<i>` names row i's queue, `warn.<i>.<metric>` and
 * `alarm.<i>.<metric>` its limits; two empty boxes inherit the product's defaults. Every cell is checked, and the
 * grid is saved whole or not at all: one bad cell returns every error, each naming its queue and figure.
 */
export function readThresholdGrid(
	form: FormData,
	knownQueues: string[]
): { ok: true; value: ThresholdCell[] } | { ok: false; errors: ThresholdCellError[] } {
	const cells: ThresholdCell[] = [];
	const errors: ThresholdCellError[] = [];
	for (let i = 0; form.has(`queue.${i}`); i++) {
		const queue = text(form, `queue.${i}`);
		if (!knownQueues.includes(queue)) {
			errors.push({ queue, metric: null, error: 'unknownQueue' });
			continue;
		}
		for (const metric of THRESHOLD_METRICS) {
			const cell = new FormData();
			cell.set('queue', queue);
			cell.set('metric', metric);
			cell.set('warn', text(form, `warn.${i}.${metric}`));
			cell.set('alarm', text(form, `alarm.${i}.${metric}`));
			const result = readThresholdForm(cell);
			if (result.ok) cells.push(result.value);
			else errors.push({ queue, metric, error: result.error });
		}
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: cells };
}

/**
 * The agent limits' form: rows `limit.<i>.state|reason|warn|alarm`, limits in minutes; a row with both limits
 * empty is dropped (back to the defaults). Errors name the row by its state and reason.
 */
export function readAgentLimitsForm(
	form: FormData
): { ok: true; value: AgentStateLimit[] } | { ok: false; errors: { row: string; error: FormError }[] } {
	const value: AgentStateLimit[] = [];
	const errors: { row: string; error: FormError }[] = [];
	for (let i = 0; form.has(`limit.${i}.state`); i++) {
		const state = text(form, `limit.${i}.state`);
		const reason = state === 'work' ? '' : text(form, `limit.${i}.reason`);
		const warn = text(form, `limit.${i}.warn`);
		const alarm = text(form, `limit.${i}.alarm`);
		const row = reason ? `${state} · ${reason}` : state;
		if (warn === '' && alarm === '') continue;
		if (!(LIMITED_STATES as readonly string[]).includes(state)) {
			errors.push({ row, error: 'agentLimit' });
			continue;
		}
		const warnS = Math.round(Number(warn) * 60);
		const alarmS = Math.round(Number(alarm) * 60);
		if (warn === '' || alarm === '' || !Number.isFinite(warnS) || !Number.isFinite(alarmS) || warnS <= 0)
			errors.push({ row, error: 'agentLimit' });
		else if (alarmS < warnS) errors.push({ row, error: 'thresholdOrder' });
		else if (value.some((l) => l.state === state && l.reason === reason))
			errors.push({ row, error: 'agentLimitTwice' });
		else value.push({ state: state as LimitedState, reason, warnS, alarmS });
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
