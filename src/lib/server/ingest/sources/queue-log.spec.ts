import { describe, expect, it } from 'vitest';
import { checkEvent, eventSchemaAt, type VigieEvent } from '../../../domain/event.ts';
import { QueueLogTranslator, translateQueueLog, type QueueLogResult } from './queue-log.ts';

const PARIS = { timezone: 'Europe/Paris' };
/** Fixed "now" so the checks do not depend on the day the tests run. */
const schema = eventSchemaAt(() => Date.parse('2027-01-01T00:00:00Z'));

// 2026-03-02 08:00:00Z and a few seconds later, as Asterisk writes them in the file form.
const T0 = 1772438400;
const CALL = '1772438400.1042';

function events(result: QueueLogResult): VigieEvent[] {
	if ('error' in result) throw new Error(`unexpected error: ${result.error}`);
	return result.events;
}

function error(result: QueueLogResult): string {
	if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result.events)}`);
	return result.error;
}

/** Translates lines in order and returns every event, without ids and times, for readable expectations. */
function run(translator: QueueLogTranslator, ...lines: string[]) {
	return lines.flatMap((line) => events(translator.translate(line)).map(({ id: _id, at: _at, ...rest }) => rest));
}

function atOf(line: string, options: ConstructorParameters<typeof QueueLogTranslator>[0] = PARIS): string {
	return events(new QueueLogTranslator(options).translate(line))[0]!.at;
}

describe('QueueLogTranslator: call verbs', () => {
	it('ENTERQUEUE → call.queued, with the caller id for call-backs', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|NONE|ENTERQUEUE||0612345678|1`)).toEqual([
			{ type: 'call.queued', call: CALL, queue: 'support', caller: '0612345678' }
		]);
	});

	it.each(['', 'unknown', 'Anonymous', '1'.repeat(33)])('ENTERQUEUE leaves out a caller id of %j', (callerId) => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|NONE|ENTERQUEUE||${callerId}|1`)).toEqual([
			{ type: 'call.queued', call: CALL, queue: 'support' }
		]);
	});

	it('CONNECT → call.answered with the agent as written, and the agent talking', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|Agent/1001|CONNECT|12|1772438388.99|4`)).toEqual([
			{ type: 'call.answered', call: CALL, queue: 'support', agent: 'Agent/1001' },
			{ type: 'agent.state', agent: 'Agent/1001', state: 'talking', queues: ['support'] }
		]);
	});

	it('ABANDON → call.abandoned', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|NONE|ABANDON|1|1|35`)).toEqual([
			{ type: 'call.abandoned', call: CALL, queue: 'support' }
		]);
	});

	it.each([
		['EXITWITHTIMEOUT', '1|1|300'],
		['EXITEMPTY', '1|1|2'],
		['EXITWITHKEY', '5|1|1|40']
	])('%s → call.dequeued', (verb, data) => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|NONE|${verb}|${data}`)).toEqual([
			{ type: 'call.dequeued', call: CALL, queue: 'support' }
		]);
	});

	it.each([
		['COMPLETECALLER', '12|180|1'],
		['COMPLETEAGENT', '12|180|1'],
		['TRANSFER', '2000|from-internal|12|180|1'],
		['BLINDTRANSFER', '2000|from-internal|12|180|1'],
		['ATTENDEDTRANSFER', 'BRIDGE|1772438400.2|12|180|1']
	])('%s → call.ended with the agent, and the agent ready again', (verb, data) => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|SIP/8007|${verb}|${data}`)).toEqual([
			{ type: 'call.ended', call: CALL, queue: 'support', agent: 'SIP/8007' },
			{ type: 'agent.state', agent: 'SIP/8007', state: 'ready', queues: ['support'] }
		]);
	});

	it('reads verbs in any case', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|${CALL}|support|NONE|enterqueue||0612345678|1`)).toEqual([
			{ type: 'call.queued', call: CALL, queue: 'support', caller: '0612345678' }
		]);
	});
});

describe('QueueLogTranslator: whole calls', () => {
	it('an answered call: queued, answered, ended, with the agent talking then ready', () => {
		const translator = new QueueLogTranslator(PARIS);
		const out = [
			`${T0}|${CALL}|Support N1|NONE|ENTERQUEUE||0612345678|1`,
			`${T0 + 12}|${CALL}|Support N1|SIP/8007|CONNECT|12|1772438412.1043|3`,
			`${T0 + 340}|${CALL}|Support N1|SIP/8007|COMPLETECALLER|12|328|1`
		].flatMap((line) => events(translator.translate(line)));
		expect(out.map(({ id: _id, ...rest }) => rest)).toEqual([
			{ type: 'call.queued', at: '2026-03-02T08:00:00.000Z', call: CALL, queue: 'Support N1', caller: '0612345678' },
			{ type: 'call.answered', at: '2026-03-02T08:00:12.000Z', call: CALL, queue: 'Support N1', agent: 'SIP/8007' },
			{
				type: 'agent.state',
				at: '2026-03-02T08:00:12.000Z',
				agent: 'SIP/8007',
				state: 'talking',
				queues: ['Support N1']
			},
			{ type: 'call.ended', at: '2026-03-02T08:05:40.000Z', call: CALL, queue: 'Support N1', agent: 'SIP/8007' },
			{ type: 'agent.state', at: '2026-03-02T08:05:40.000Z', agent: 'SIP/8007', state: 'ready', queues: ['Support N1'] }
		]);
		expect(new Set(out.map((event) => event.id)).size).toBe(5);
	});

	it('an abandoned call: queued then abandoned, no agent involved', () => {
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|${CALL}|support|NONE|ENTERQUEUE||0612345678|1`,
				`${T0}|${CALL}|support|SIP/8007|RINGNOANSWER|15000`,
				`${T0 + 35}|${CALL}|support|NONE|ABANDON|1|1|35`
			)
		).toEqual([
			{ type: 'call.queued', call: CALL, queue: 'support', caller: '0612345678' },
			{ type: 'call.abandoned', call: CALL, queue: 'support' }
		]);
	});

	it('an overflow: dequeued from one queue and queued in the next with the same call id', () => {
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|${CALL}|N1|NONE|ENTERQUEUE||0612345678|1`,
				`${T0 + 60}|${CALL}|N1|NONE|EXITWITHTIMEOUT|1|1|60`,
				`${T0 + 60}|${CALL}|N2|NONE|ENTERQUEUE||0612345678|1`
			)
		).toEqual([
			{ type: 'call.queued', call: CALL, queue: 'N1', caller: '0612345678' },
			{ type: 'call.dequeued', call: CALL, queue: 'N1' },
			{ type: 'call.queued', call: CALL, queue: 'N2', caller: '0612345678' }
		]);
	});
});

describe('QueueLogTranslator: agents', () => {
	const agent = 'SIP/8007';

	it('follows a day: added to queues, paused with a reason, unpaused, a call, removed from each queue', () => {
		const translator = new QueueLogTranslator(PARIS);
		const line = (offset: number, queue: string, verb: string, data = '') =>
			`${T0 + offset}|${verb === 'CONNECT' || verb === 'COMPLETEAGENT' ? CALL : 'NONE'}|${queue}|${agent}|${verb}|${data}`;
		const state = (state: string, queues: string[], reason?: string) =>
			reason === undefined
				? { type: 'agent.state', agent, state, queues }
				: { type: 'agent.state', agent, state, reason, queues };

		expect(run(translator, line(0, 'support', 'ADDMEMBER'))).toEqual([state('ready', ['support'])]);
		expect(run(translator, line(1, 'sales', 'ADDMEMBER'))).toEqual([state('ready', ['sales', 'support'])]);
		expect(run(translator, line(60, 'NONE', 'PAUSEALL', 'Lunch'))).toEqual([
			state('not_ready', ['sales', 'support'], 'Lunch')
		]);
		expect(run(translator, line(60, 'support', 'PAUSE', 'Lunch'))).toEqual([
			state('not_ready', ['sales', 'support'], 'Lunch')
		]);
		expect(run(translator, line(1800, 'support', 'UNPAUSE'))).toEqual([state('ready', ['sales', 'support'])]);
		expect(run(translator, line(1900, 'support', 'CONNECT', '3|1772440300.7|2'))).toEqual([
			{ type: 'call.answered', call: CALL, queue: 'support', agent },
			state('talking', ['sales', 'support'])
		]);
		expect(run(translator, line(2000, 'support', 'COMPLETEAGENT', '3|100|1'))).toEqual([
			{ type: 'call.ended', call: CALL, queue: 'support', agent },
			state('ready', ['sales', 'support'])
		]);
		expect(run(translator, line(3000, 'sales', 'REMOVEMEMBER'))).toEqual([state('ready', ['support'])]);
		expect(run(translator, line(3001, 'support', 'REMOVEMEMBER'))).toEqual([state('logged_out', [])]);
	});

	it('a pause asked for during a call keeps the agent talking, then not ready with its reason', () => {
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|NONE|support|${agent}|ADDMEMBER|`,
				`${T0 + 10}|${CALL}|support|${agent}|CONNECT|2|x|1`,
				`${T0 + 20}|NONE|support|${agent}|PAUSE|Wrap-up`,
				`${T0 + 90}|${CALL}|support|${agent}|COMPLETECALLER|2|80|1`,
				`${T0 + 150}|NONE|NONE|${agent}|UNPAUSEALL|`
			).filter((event) => event.type === 'agent.state')
		).toEqual([
			{ type: 'agent.state', agent, state: 'ready', queues: ['support'] },
			{ type: 'agent.state', agent, state: 'talking', queues: ['support'] },
			{ type: 'agent.state', agent, state: 'talking', queues: ['support'] },
			{ type: 'agent.state', agent, state: 'not_ready', reason: 'Wrap-up', queues: ['support'] },
			{ type: 'agent.state', agent, state: 'ready', queues: ['support'] }
		]);
	});

	it('a pause without a reason gives not_ready with no reason field', () => {
		const [event] = run(new QueueLogTranslator(PARIS), `${T0}|NONE|support|${agent}|PAUSE|`);
		expect(event).toEqual({ type: 'agent.state', agent, state: 'not_ready', queues: ['support'] });
		expect(event).not.toHaveProperty('reason');
	});

	it('PAUSEALL and UNPAUSEALL (queue NONE) cover every queue and add none', () => {
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|NONE|a|${agent}|ADDMEMBER|`,
				`${T0}|NONE|b|${agent}|ADDMEMBER|`,
				`${T0 + 5}|NONE|NONE|${agent}|PAUSEALL|Training`,
				`${T0 + 9}|NONE|NONE|${agent}|UNPAUSEALL|`
			).slice(2)
		).toEqual([
			{ type: 'agent.state', agent, state: 'not_ready', reason: 'Training', queues: ['a', 'b'] },
			{ type: 'agent.state', agent, state: 'ready', queues: ['a', 'b'] }
		]);
	});

	it('AGENTLOGIN without a queue, queues learnt from calls, kept across AGENTLOGOFF for static members', () => {
		const name = 'Agent/1001';
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|${CALL}|NONE|${name}|AGENTLOGIN|Local/1001@agents`,
				`${T0 + 10}|${CALL}|support|${name}|CONNECT|2|x|1`,
				`${T0 + 90}|${CALL}|support|${name}|COMPLETEAGENT|2|80|1`,
				`${T0 + 95}|NONE|NONE|${name}|PAUSEALL|Break`,
				`${T0 + 100}|NONE|NONE|${name}|AGENTLOGOFF|Local/1001@agents|100`,
				`${T0 + 200}|NONE|NONE|${name}|AGENTLOGIN|Local/1001@agents`
			).filter((event) => event.type === 'agent.state')
		).toEqual([
			{ type: 'agent.state', agent: name, state: 'ready', queues: [] },
			{ type: 'agent.state', agent: name, state: 'talking', queues: ['support'] },
			{ type: 'agent.state', agent: name, state: 'ready', queues: ['support'] },
			{ type: 'agent.state', agent: name, state: 'not_ready', reason: 'Break', queues: ['support'] },
			{ type: 'agent.state', agent: name, state: 'logged_out', queues: ['support'] },
			// The pause ended with the logoff.
			{ type: 'agent.state', agent: name, state: 'ready', queues: ['support'] }
		]);
	});

	it('AGENTLOGIN naming a queue serves that queue', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|NONE|support|${agent}|AGENTLOGIN|${agent}`)).toEqual([
			{ type: 'agent.state', agent, state: 'ready', queues: ['support'] }
		]);
	});

	it('an agent first seen pausing (a file picked up mid-day) is logged in and serves that queue', () => {
		expect(run(new QueueLogTranslator(PARIS), `${T0}|NONE|support|${agent}|PAUSE|Meeting`)).toEqual([
			{ type: 'agent.state', agent, state: 'not_ready', reason: 'Meeting', queues: ['support'] }
		]);
	});

	it('after QUEUESTART (Asterisk restarted) nobody is on a call any more', () => {
		const translator = new QueueLogTranslator(PARIS);
		run(translator, `${T0}|${CALL}|support|${agent}|CONNECT|2|x|1`);
		expect(events(translator.translate(`${T0 + 60}|NONE|NONE|NONE|QUEUESTART|`))).toEqual([]);
		expect(run(translator, `${T0 + 70}|NONE|support|${agent}|PAUSE|Back`)).toEqual([
			{ type: 'agent.state', agent, state: 'not_ready', reason: 'Back', queues: ['support'] }
		]);
	});

	it('keeps agents apart', () => {
		expect(
			run(
				new QueueLogTranslator(PARIS),
				`${T0}|NONE|a|SIP/1|ADDMEMBER|`,
				`${T0}|NONE|b|SIP/2|ADDMEMBER|`,
				`${T0 + 1}|NONE|a|SIP/1|PAUSE|x`
			)
		).toEqual([
			{ type: 'agent.state', agent: 'SIP/1', state: 'ready', queues: ['a'] },
			{ type: 'agent.state', agent: 'SIP/2', state: 'ready', queues: ['b'] },
			{ type: 'agent.state', agent: 'SIP/1', state: 'not_ready', reason: 'x', queues: ['a'] }
		]);
	});
});

describe('QueueLogTranslator: time', () => {
	const line = (time: string) => `${time}|${CALL}|support|NONE|ENTERQUEUE||0612345678|1`;

	it('reads epoch seconds as UTC, with milliseconds from a fraction', () => {
		expect(atOf(line('1772438400'))).toBe('2026-03-02T08:00:00.000Z');
		expect(atOf(line('1772438400.123'))).toBe('2026-03-02T08:00:00.123Z');
		expect(atOf(line('1772438400.5'))).toBe('2026-03-02T08:00:00.500Z');
		expect(atOf(line('1772438400.123987'))).toBe('2026-03-02T08:00:00.123Z');
	});

	it('epoch seconds are the same instant whatever the zone or the timestamps option', () => {
		for (const options of [
			{ timezone: 'America/New_York' },
			{ timezone: 'Europe/Paris', timestamps: 'utc' as const },
			{ timezone: 'Europe/Paris', timestamps: 'local' as const }
		]) {
			expect(atOf(line('1772438400'), options)).toBe('2026-03-02T08:00:00.000Z');
		}
	});

	it('reads the database form as local time in the zone by default', () => {
		expect(atOf(line('2026-01-15 10:00:00'))).toBe('2026-01-15T09:00:00.000Z');
		expect(atOf(line('2026-07-15 10:00:00'))).toBe('2026-07-15T08:00:00.000Z');
		expect(atOf(line('2026-01-15 10:00:00.250000'))).toBe('2026-01-15T09:00:00.250Z');
		expect(atOf(line('2026-01-15T10:00:00'))).toBe('2026-01-15T09:00:00.000Z');
		expect(atOf(line('2026-01-15 10:00:00'), { timezone: 'America/New_York' })).toBe('2026-01-15T15:00:00.000Z');
		expect(atOf(line('2026-01-15 10:00:00'), { ...PARIS, timestamps: 'local' })).toBe('2026-01-15T09:00:00.000Z');
	});

	it("reads the database form as UTC with timestamps: 'utc'", () => {
		const utc = { ...PARIS, timestamps: 'utc' as const };
		expect(atOf(line('2026-01-15 10:00:00'), utc)).toBe('2026-01-15T10:00:00.000Z');
		expect(atOf(line('2026-03-29 02:30:00'), utc)).toBe('2026-03-29T02:30:00.000Z');
		expect(new QueueLogTranslator(utc).datetimeZone).toBe('UTC');
		expect(new QueueLogTranslator(PARIS).datetimeZone).toBe('Europe/Paris');
	});

	it('reads a time in the spring-forward gap with the offset before the change', () => {
		// 02:30 does not exist in Paris on 2026-03-29 (02:00 CET → 03:00 CEST): read as 02:30+01:00.
		expect(atOf(line('2026-03-29 02:30:00'))).toBe('2026-03-29T01:30:00.000Z');
		expect(atOf(line('2026-03-29 01:59:59'))).toBe('2026-03-29T00:59:59.000Z');
		expect(atOf(line('2026-03-29 03:00:00'))).toBe('2026-03-29T01:00:00.000Z');
	});

	it('reads a time of the repeated fall-back hour as the earlier instant when nothing came before', () => {
		// 02:30 happens twice in Paris on 2026-10-25: 00:30Z (CEST) then 01:30Z (CET).
		expect(atOf(line('2026-10-25 02:30:00'))).toBe('2026-10-25T00:30:00.000Z');
	});

	it('reads the repeated hour as the instant nearest the previous line, so time does not run backwards', () => {
		const translator = new QueueLogTranslator(PARIS);
		const at = (time: string) => events(translator.translate(line(time)))[0]!.at;
		expect(at('2026-10-25 02:50:00')).toBe('2026-10-25T00:50:00.000Z'); // first pass
		expect(at('2026-10-25 02:49:59')).toBe('2026-10-25T00:49:59.000Z'); // a line slightly out of order
		expect(at('2026-10-25 02:59:58')).toBe('2026-10-25T00:59:58.000Z');
		expect(at('2026-10-25 02:00:03')).toBe('2026-10-25T01:00:03.000Z'); // clocks went back: second pass
		expect(at('2026-10-25 02:30:00')).toBe('2026-10-25T01:30:00.000Z');
		expect(at('2026-10-25 03:00:00')).toBe('2026-10-25T02:00:00.000Z');
	});

	it('rejects times that cannot be read, naming the time field', () => {
		const translator = new QueueLogTranslator(PARIS);
		for (const time of ['', 'yesterday', '2026-02-30 10:00:00', '2026-01-15 25:00:00', '2026-01-15', '-5', '12e9']) {
			expect(error(translator.translate(line(time)))).toMatch(/^time/);
		}
	});

	it('refuses an unknown zone or timestamps value when it is built', () => {
		expect(() => new QueueLogTranslator({ timezone: 'Europe/Atlantis' })).toThrow(/time zone/);
		// @ts-expect-error a value from an untyped command line
		expect(() => new QueueLogTranslator({ ...PARIS, timestamps: 'gmt' })).toThrow(/timestamps/);
	});
});

describe('QueueLogTranslator: ids', () => {
	const enter = `${T0}|${CALL}|support|NONE|ENTERQUEUE||0612345678|1`;
	const connect = `${T0 + 12}|${CALL}|support|SIP/8007|CONNECT|12|x|3`;

	it('the same line gives the same ids, in any translator and whatever the line ending or padding', () => {
		const first = events(new QueueLogTranslator(PARIS).translate(connect));
		const again = events(
			new QueueLogTranslator({ timezone: 'UTC' }).translate(`  ${connect.replaceAll('|', ' | ')}\r\n`)
		);
		expect(again.map((event) => event.id)).toEqual(first.map((event) => event.id));
	});

	it('different lines give different ids, and a second event from one line gets a suffix', () => {
		const [queued] = events(new QueueLogTranslator(PARIS).translate(enter));
		const [answered, talking] = events(new QueueLogTranslator(PARIS).translate(connect));
		const abandon = events(new QueueLogTranslator(PARIS).translate(`${T0 + 12}|${CALL}|support|NONE|ABANDON|1|1|12`));
		expect(queued!.id).toMatch(/^ql-[0-9a-f]{16}$/);
		expect(answered!.id).toMatch(/^ql-[0-9a-f]{16}$/);
		expect(talking!.id).toBe(`${answered!.id}-2`);
		expect(new Set([queued!.id, answered!.id, talking!.id, abandon[0]!.id]).size).toBe(4);
	});

	it('a file read twice, or a rotated file overlapping the old one, gives each event once', () => {
		const lines = [
			enter,
			connect,
			`${T0 + 340}|${CALL}|support|SIP/8007|COMPLETECALLER|12|328|1`,
			`${T0 + 400}|1772438800.5|support|NONE|ENTERQUEUE||0698765432|1`,
			`${T0 + 430}|1772438800.5|support|NONE|ABANDON|1|1|30`
		];
		const old = translateQueueLog(lines.slice(0, 4).join('\n'), PARIS).events;
		const rotated = translateQueueLog(lines.slice(2).join('\n'), PARIS).events;
		const whole = translateQueueLog(lines.join('\n'), PARIS).events;
		expect(translateQueueLog(lines.join('\n'), PARIS).events).toEqual(whole);
		const ids = new Set([...old, ...rotated].map((event) => event.id));
		expect([...ids].sort()).toEqual(whole.map((event) => event.id).sort());
	});
});

describe('QueueLogTranslator: malformed and ignored lines', () => {
	const translator = () => new QueueLogTranslator(PARIS);

	it.each([
		['1772438400|x|support|NONE', /at least 5 fields.*found 4/],
		['just some text', /at least 5 fields.*found 1/],
		['1772438400|x|support|NONE|', /^event .* empty/],
		[`1772438400||support|NONE|ENTERQUEUE||061|1`, /^callid .*ENTERQUEUE/],
		[`1772438400|NONE|support|NONE|ABANDON|1|1|3`, /^callid .*ABANDON/],
		[`1772438400|${CALL}||NONE|ENTERQUEUE||061|1`, /^queue .*ENTERQUEUE/],
		[`1772438400|${CALL}|NONE|NONE|EXITEMPTY|1|1|2`, /^queue .*EXITEMPTY/],
		[`1772438400|${CALL}|support||CONNECT|1|x|1`, /^agent .*CONNECT/],
		[`1772438400|${CALL}|support|NONE|COMPLETECALLER|1|2|1`, /^agent .*COMPLETECALLER/],
		[`1772438400|NONE|NONE|SIP/8007|ADDMEMBER|`, /^queue .*ADDMEMBER/],
		[`1772438400|NONE|support||PAUSE|Lunch`, /^agent .*PAUSE/],
		[`1772438400|NONE|NONE|NONE|AGENTLOGOFF|`, /^agent .*AGENTLOGOFF/],
		[`1772438400|${CALL}|${'q'.repeat(129)}|NONE|ENTERQUEUE||061|1`, /^queue .*128/],
		[`1772438400|${CALL}|support|NONE|ENTERQUEUE\n1772438401|x|y|NONE|ABANDON`, /several lines/]
	])('%s → a clear error', (line, message) => {
		expect(error(translator().translate(line))).toMatch(message);
	});

	it('a rejected line leaves the agents as they were', () => {
		const t = translator();
		run(t, `${T0}|NONE|support|SIP/8007|ADDMEMBER|`);
		expect(error(t.translate(`${T0 + 1}||support|SIP/8007|CONNECT|1|x|1`))).toMatch(/callid/);
		expect(run(t, `${T0 + 2}|NONE|support|SIP/8007|PAUSE|Lunch`)).toEqual([
			{ type: 'agent.state', agent: 'SIP/8007', state: 'not_ready', reason: 'Lunch', queues: ['support'] }
		]);
	});

	it.each([
		`${T0}|NONE|NONE|NONE|QUEUESTART|`,
		`${T0}|NONE|NONE|NONE|CONFIGRELOAD|`,
		`${T0}|${CALL}|support|SIP/8007|RINGNOANSWER|15000`,
		`${T0}|${CALL}|support|SIP/8007|RINGCANCELED|1200`,
		`${T0}|${CALL}|support|NONE|DID|0140000000`,
		`${T0}|${CALL}|support|NONE|INFO|whatever`,
		`${T0}|NONE|NONE|NONE|SOMETHINGNEW`
	])('ignores %s', (line) => {
		expect(translator().translate(line)).toEqual({ events: [] });
	});
});

describe('translateQueueLog', () => {
	const file = [
		`${T0}|NONE|NONE|NONE|QUEUESTART|`,
		`${T0 + 1}|NONE|support|SIP/8007|ADDMEMBER|`,
		'',
		`${T0 + 2}|NONE|support|SIP/8008|ADDMEMBER|`,
		`${T0 + 5}|${CALL}|support|NONE|ENTERQUEUE||0612345678|1`,
		`${T0 + 6}|${CALL}|support|SIP/8008|RINGNOANSWER|1000`,
		`${T0 + 9}|${CALL}|support|SIP/8007|CONNECT|4|1772438409.1|3`,
		'garbage',
		`${T0 + 20}|NONE|support|SIP/8008|PAUSE|Lunch`,
		`${T0 + 30}|1772438430.7|support|NONE|ENTERQUEUE||0698765432|1`,
		`${T0 + 33}|1772438430.7|support|NONE|ABANDON|1|1|3`,
		`${T0 + 40}|1772438440.8|support|NONE|ENTERQUEUE||0611111111|1`,
		`${T0 + 100}|1772438440.8|support|NONE|EXITWITHTIMEOUT|1|1|60`,
		`${T0 + 200}|${CALL}|support|SIP/8007|COMPLETEAGENT|4|191|1`,
		`${T0 + 210}|NONE|NONE|SIP/8008|UNPAUSEALL|`,
		`${T0 + 300}|NONE|support|SIP/8007|REMOVEMEMBER|`,
		`${T0 + 301}|NONE|NONE|SIP/8007|AGENTLOGOFF|`,
		'   ',
		`${T0 + 400}||support|NONE|ENTERQUEUE||061|1`
	].join('\r\n');

	it('translates a whole file, with 1-based line numbers that count blank lines', () => {
		const { events: out, rejected } = translateQueueLog(file, PARIS);
		expect(rejected).toEqual([
			{ line: 8, raw: 'garbage', error: expect.stringMatching(/at least 5 fields/) },
			{ line: 19, raw: `${T0 + 400}||support|NONE|ENTERQUEUE||061|1`, error: expect.stringMatching(/callid/) }
		]);
		expect(out.map((event) => event.type)).toEqual([
			'agent.state',
			'agent.state',
			'call.queued',
			'call.answered',
			'agent.state',
			'agent.state',
			'call.queued',
			'call.abandoned',
			'call.queued',
			'call.dequeued',
			'call.ended',
			'agent.state',
			'agent.state',
			'agent.state',
			'agent.state'
		]);
		expect(out.at(-1)).toMatchObject({ agent: 'SIP/8007', state: 'logged_out', queues: [] });
	});

	it('every event it emits passes checkEvent, and ids are unique', () => {
		const { events: out } = translateQueueLog(file, PARIS);
		for (const event of out) {
			expect(checkEvent(event, schema)).toEqual({ ok: true, event });
			expect(JSON.parse(JSON.stringify(event))).toEqual(event);
		}
		expect(new Set(out.map((event) => event.id)).size).toBe(out.length);
	});

	it('every verb it maps gives events that pass checkEvent, in the database form too', () => {
		const t = new QueueLogTranslator(PARIS);
		const verbs = [
			'ENTERQUEUE',
			'CONNECT',
			'ABANDON',
			'EXITWITHTIMEOUT',
			'EXITEMPTY',
			'EXITWITHKEY',
			'COMPLETECALLER',
			'COMPLETEAGENT',
			'TRANSFER',
			'BLINDTRANSFER',
			'ATTENDEDTRANSFER',
			'AGENTLOGIN',
			'ADDMEMBER',
			'PAUSE',
			'PAUSEALL',
			'UNPAUSE',
			'UNPAUSEALL',
			'REMOVEMEMBER',
			'AGENTLOGOFF'
		];
		let count = 0;
		for (const verb of verbs) {
			for (const event of events(t.translate(`2026-03-02 09:00:00.5|${CALL}|support|SIP/8007|${verb}|Reason|2|3`))) {
				expect(checkEvent(event, schema)).toEqual({ ok: true, event });
				expect(event.at).toBe('2026-03-02T08:00:00.500Z');
				count++;
			}
		}
		expect(count).toBe(verbs.length + 6);
	});
});
