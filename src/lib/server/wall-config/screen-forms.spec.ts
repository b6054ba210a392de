import { describe, expect, it } from 'vitest';
import {
	readAgentLimitsForm,
	readAlarmRulesGrid,
	readScreenForm,
	readThresholdForm,
	readThresholdGrid,
	readTickerForm
} from './screen-forms.ts';

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
};

describe('admin forms', () => {
	it('reads the alarm rules of the grid: the site defaults, each queue’s own, empty boxes inheriting', () => {
		const grid = (entries: [string, string][]) =>
			readAlarmRulesGrid(form([['queue.0', 'Support N1'], ['queue.1', 'Petite file'], ...entries]), [
				'Support N1',
				'Petite file'
			]);
		expect(
			grid([
				['site.min_offered', '20'],
				['site.escalate_after_min', ''],
				['min_offered.0', ''],
				['escalate_after_min.0', '15'],
				['min_offered.1', '3'],
				['escalate_after_min.1', '']
			])
		).toEqual({
			ok: true,
			value: [
				{ queue: '', rules: { minOffered: 20 } },
				{ queue: 'Support N1', rules: { escalateAfterMin: 15 } },
				{ queue: 'Petite file', rules: { minOffered: 3 } }
			]
		});
		// Each error names its queue and figure; nothing is saved.
		expect(
			grid([
				['site.escalate_after_min', '0'],
				['min_offered.0', '2.5'],
				['escalate_after_min.1', 'dix']
			])
		).toEqual({
			ok: false,
			errors: [
				{ queue: '', metric: 'escalate_after_min', error: 'escalateAfter' },
				{ queue: 'Support N1', metric: 'min_offered', error: 'minOffered' },
				{ queue: 'Petite file', metric: 'escalate_after_min', error: 'escalateAfter' }
			]
		});
	});

	it('keeps a screen to a team the directory knows, and refuses one it does not', () => {
		const entries: [string, string][] = [
			['name', 'niveau-1'],
			['layout', 'agents']
		];
		const teams = ['Niveau 1', 'Niveau 2'];
		const read = (team: string) => readScreenForm(form([...entries, ['team', team]]), [], [], teams);
		expect(read('Niveau 1')).toMatchObject({ ok: true, value: { team: 'Niveau 1', queues: null } });
		expect(read('')).toMatchObject({ ok: true, value: { team: null } });
		expect(read('Niveau 3')).toEqual({ ok: false, error: 'unknownTeam' });
	});

	it('reads a screen: no queue ticked shows every queue; rotation keeps known screens only', () => {
		const result = readScreenForm(
			form([
				['name', 'floor-2'],
				['layout', 'agents'],
				['title', '  Plateau   Rennes '],
				['rotation', 'default'],
				['rotation', 'ghost'],
				['rotation', 'floor-2'],
				['rotate_every_s', '30']
			]),
			['default', 'floor-2']
		);
		expect(result).toEqual({
			ok: true,
			value: {
				name: 'floor-2',
				title: 'Plateau Rennes',
				layout: 'agents',
				queues: null,
				team: null,
				rotation: ['default'],
				rotateEverySeconds: 30
			}
		});
		expect(
			readScreenForm(
				form([
					['name', 'x'],
					['layout', 'queues']
				]),
				[]
			).ok && 'no title: the name'
		).toBeTruthy();
		expect(
			readScreenForm(
				form([
					['name', 'x'],
					['layout', 'queues'],
					['title', 'x'.repeat(61)]
				]),
				[]
			)
		).toEqual({
			ok: false,
			error: 'screenTitle'
		});
		expect(
			readScreenForm(
				form([
					['name', 'a b'],
					['layout', 'queues']
				]),
				[]
			).ok
		).toBe(false);
	});

	it('checks the direction of thresholds', () => {
		const sl = (warn: string, alarm: string) =>
			readThresholdForm(
				form([
					['queue', 'Q'],
					['metric', 'service_level_pct'],
					['warn', warn],
					['alarm', alarm]
				])
			);
		expect(sl('80', '70')).toMatchObject({ ok: true });
		expect(sl('70', '80')).toEqual({ ok: false, error: 'thresholdOrder' });
		expect(sl('', '')).toEqual({ ok: true, value: { queue: 'Q', metric: 'service_level_pct', thresholds: null } });
		const waiting = readThresholdForm(
			form([
				['queue', 'Q'],
				['metric', 'waiting'],
				['warn', '10'],
				['alarm', '5']
			])
		);
		expect(waiting).toEqual({ ok: false, error: 'thresholdOrder' });
	});

	it('reads a ticker message with an optional lifetime', () => {
		const now = new Date('2026-03-02T10:00:00Z');
		expect(
			readTickerForm(
				form([
					['text', 'Hello'],
					['hours', '2']
				]),
				[],
				now
			)
		).toEqual({
			ok: true,
			value: { text: 'Hello', screen: null, expiresAt: new Date('2026-03-02T12:00:00Z'), startsAt: null, urgent: false }
		});
		expect(readTickerForm(form([['text', '']]), [], now).ok).toBe(false);
		// From 15:00 Paris time (14:00 UTC in March) for two hours, urgent.
		expect(
			readTickerForm(
				form([
					['text', 'Panne'],
					['starts', '2026-03-02T15:00'],
					['hours', '2'],
					['urgent', 'on']
				]),
				[],
				now
			)
		).toEqual({
			ok: true,
			value: {
				text: 'Panne',
				screen: null,
				startsAt: new Date('2026-03-02T14:00:00Z'),
				expiresAt: new Date('2026-03-02T16:00:00Z'),
				urgent: true
			}
		});
		expect(
			readTickerForm(
				form([
					['text', 'x'],
					['starts', 'demain']
				]),
				[],
				now
			)
		).toEqual({
			ok: false,
			error: 'tickerStart'
		});
	});

	it('refuses a screen showing a queue that does not exist', () => {
		const data = form([
			['name', 'x'],
			['layout', 'queues'],
			['queues', 'Fantôme']
		]);
		expect(readScreenForm(data, [], ['Support N1'])).toEqual({ ok: false, error: 'unknownQueue' });
	});

	it('reads the threshold grid whole, every bad cell named by its queue and figure', () => {
		const grid = form([
			['queue.0', 'Support N1'],
			['warn.0.waiting', '3'],
			['alarm.0.waiting', '6'],
			['queue.1', 'Ventes'],
			['warn.1.service_level_pct', '70'],
			['alarm.1.service_level_pct', '80'],
			['warn.1.abandon_rate_pct', 'beaucoup'],
			['alarm.1.abandon_rate_pct', '9'],
			['queue.2', 'Fantôme']
		]);
		expect(readThresholdGrid(grid, ['Support N1', 'Ventes'])).toEqual({
			ok: false,
			errors: [
				{ queue: 'Ventes', metric: 'service_level_pct', error: 'thresholdOrder' },
				{ queue: 'Ventes', metric: 'abandon_rate_pct', error: 'threshold' },
				{ queue: 'Fantôme', metric: null, error: 'unknownQueue' }
			]
		});
		const good = readThresholdGrid(
			form([
				['queue.0', 'Support N1'],
				['warn.0.waiting', '3'],
				['alarm.0.waiting', '6']
			]),
			['Support N1']
		);
		expect(good.ok && good.value).toEqual([
			{ queue: 'Support N1', metric: 'waiting', thresholds: { warn: 3, alarm: 6 } },
			{ queue: 'Support N1', metric: 'longest_waiting_s', thresholds: null },
			{ queue: 'Support N1', metric: 'service_level_pct', thresholds: null },
			{ queue: 'Support N1', metric: 'abandon_rate_pct', thresholds: null }
		]);
	});

	it('reads the agent limits in minutes, each error naming its row', () => {
		const limits = readAgentLimitsForm(
			form([
				['limit.0.state', 'not_ready'],
				['limit.0.reason', 'Déjeuner'],
				['limit.0.warn', '45'],
				['limit.0.alarm', '60'],
				['limit.1.state', 'work'],
				['limit.1.warn', '1.5'],
				['limit.1.alarm', '3'],
				['limit.2.state', 'not_ready'],
				['limit.2.reason', ''],
				['limit.2.warn', ''],
				['limit.2.alarm', '']
			])
		);
		expect(limits).toEqual({
			ok: true,
			value: [
				{ state: 'not_ready', reason: 'Déjeuner', warnS: 2700, alarmS: 3600 },
				{ state: 'work', reason: '', warnS: 90, alarmS: 180 }
			]
		});
		expect(
			readAgentLimitsForm(
				form([
					['limit.0.state', 'not_ready'],
					['limit.0.reason', 'Pause'],
					['limit.0.warn', '20'],
					['limit.0.alarm', '10']
				])
			)
		).toEqual({ ok: false, errors: [{ row: 'not_ready · Pause', error: 'thresholdOrder' }] });
	});

	it('keeps the rotation in the order the administrator gives', () => {
		const result = readScreenForm(
			form([
				['name', 'hall'],
				['layout', 'queues'],
				['rotation_pos.agents', '2'],
				['rotation_pos.charts', '1'],
				['rotation_pos.default', ''],
				['rotation_pos.zzz', '3']
			]),
			['agents', 'charts', 'default', 'hall', 'zzz']
		);
		expect(result.ok && result.value.rotation).toEqual(['charts', 'agents', 'zzz']);
		expect(
			readScreenForm(
				form([
					['name', 'hall'],
					['layout', 'queues'],
					['rotation_pos.agents', 'first']
				]),
				['agents', 'hall']
			)
		).toEqual({ ok: false, error: 'rotationOrder' });
	});
});
