import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEvent, type VigieEvent } from '../../../../domain/event.ts';
import { translateUccxDirectory, uccxTableOfFile } from './csv.ts';
import { translateUccxTables, uccxReason, type Row } from './translate.ts';

// A small but realistic UCCX 12.5 export, columns spelled as in the Cisco database schema guide (with some of the
// columns a real export carries and the translator ignores).

const RESOURCE = [
	'resourceID,profileID,resourceLoginID,resourceName,resourceGroupID,resourceType,active,autoAvail,extension',
	'2001,1,jdupont,Jeanne Dupont,-1,1,t,t,4001',
	'2002,1,pmartin,Paul Martin,-1,1,t,t,4002',
	'2003,1,lbernard,"Bernard, Léa",-1,1,t,t,4003'
];

const CSQ = [
	'contactServiceQueueID,profileID,csqName,resourcePoolType,recordID,active,autoWork,serviceLevel,serviceLevelPercentage',
	'1,1,Support N1,2,5,t,f,20,80',
	'2,1,Support N2,2,6,t,f,20,80'
];

const CCD = [
	'sessionID,sessionSeqNum,nodeID,profileID,contactType,contactDisposition,originatorType,originatorDN,destinationType,startDateTime,endDateTime,gmtOffset,applicationName,connectTime',
	// 1: handled by Support N1
	'280000000001,0,1,1,1,2,3,0612345678,2,2026-03-02 08:15:00.123,2026-03-02 08:17:40.500,0,Support,160',
	// 2: abandoned in Support N1
	'280000000002,0,1,1,1,1,3,0698765432,2,2026-03-02 08:20:00.000,2026-03-02 08:20:09.250,0,Support,9',
	// 3: overflows from Support N1 to Support N2, rings an agent who does not answer, then another who does
	'280000000003,0,1,1,1,2,3,0611111111,2,2026-03-02 09:00:00.000,2026-03-02 09:05:00.000,0,Support,300'
];

const CQD = [
	'sessionID,sessionSeqNum,profileID,nodeID,targetID,targetType,qIndex,queueOrder,disposition,metServiceLevel,queueTime,startDateTime,endDateTime',
	'280000000001,0,1,1,5,0,1,1,2,t,12,2026-03-02 08:15:05.000,2026-03-02 08:15:17.000',
	'280000000002,0,1,1,5,0,1,1,1,f,7,2026-03-02 08:20:02.000,2026-03-02 08:20:09.250',
	'280000000003,0,1,1,5,0,1,1,3,f,30,2026-03-02 09:00:03.000,2026-03-02 09:00:33.000',
	'280000000003,0,1,1,6,0,1,2,2,t,8,2026-03-02 09:00:33.000,2026-03-02 09:00:41.000'
];

const ACD = [
	'sessionID,sessionSeqNum,nodeID,profileID,resourceID,startDateTime,endDateTime,qIndex,gmtOffset,ringTime,talkTime,holdTime,workTime,callWrapupData,rna,csqrecordid',
	'280000000001,0,1,1,2001,2026-03-02 08:15:17.000,2026-03-02 08:17:40.500,1,0,3,140,0,10,,f,5',
	'280000000003,0,1,1,2002,2026-03-02 09:00:41.000,2026-03-02 09:00:53.000,1,0,12,0,0,0,,t,6',
	'280000000003,0,1,1,2003,2026-03-02 09:00:53.500,2026-03-02 09:05:00.000,1,0,2,240,5,0,"Facture, relance",f,6'
];

const ASD = [
	'agentID,eventDateTime,gmtOffset,eventType,reasonCode,profileID',
	'2001,2026-03-02 07:58:00.000,0,1,0,1',
	'2001,2026-03-02 07:58:00.010,0,2,32760,1',
	'2001,2026-03-02 08:00:00.000,0,3,0,1',
	'2001,2026-03-02 08:15:17.000,0,4,0,1',
	'2001,2026-03-02 08:15:20.000,0,5,0,1',
	'2001,2026-03-02 08:17:40.500,0,6,0,1',
	'2002,2026-03-02 09:00:53.000,0,2,32763,1',
	'2001,2026-03-02 12:00:00.000,0,2,101,1',
	'2001,2026-03-02 12:30:00.000,0,2,-1,1',
	'2001,2026-03-02 17:00:00.000,0,7,32766,1',
	'9999,2026-03-02 17:30:00.000,0,7,-1,1'
];

const C1 = 'uccx-1-1-280000000001';
const C2 = 'uccx-1-1-280000000002';
const C3 = 'uccx-1-1-280000000003';

type WithoutId<E> = E extends unknown ? Omit<E, 'id'> : never;
type EventWithoutId = WithoutId<VigieEvent>;

/** The events the export above must give, in order, without their ids. */
const EXPECTED: EventWithoutId[] = [
	{
		type: 'agent.state',
		at: '2026-03-02T07:58:00.000Z',
		agent: 'jdupont',
		state: 'not_ready',
		reason: 'Agent login (32760)'
	},
	{
		type: 'agent.state',
		at: '2026-03-02T07:58:00.010Z',
		agent: 'jdupont',
		state: 'not_ready',
		reason: 'Agent login (32760)'
	},
	{ type: 'agent.state', at: '2026-03-02T08:00:00.000Z', agent: 'jdupont', state: 'ready' },
	{ type: 'call.queued', at: '2026-03-02T08:15:05.000Z', call: C1, queue: 'Support N1', caller: '0612345678' },
	{ type: 'agent.state', at: '2026-03-02T08:15:17.000Z', agent: 'jdupont', state: 'reserved' },
	{ type: 'call.answered', at: '2026-03-02T08:15:20.000Z', call: C1, queue: 'Support N1', agent: 'jdupont' },
	{ type: 'agent.state', at: '2026-03-02T08:15:20.000Z', agent: 'jdupont', state: 'talking' },
	{ type: 'call.ended', at: '2026-03-02T08:17:40.500Z', call: C1, queue: 'Support N1', agent: 'jdupont' },
	{ type: 'agent.state', at: '2026-03-02T08:17:40.500Z', agent: 'jdupont', state: 'work' },
	{ type: 'call.queued', at: '2026-03-02T08:20:02.000Z', call: C2, queue: 'Support N1', caller: '0698765432' },
	{ type: 'call.abandoned', at: '2026-03-02T08:20:09.250Z', call: C2, queue: 'Support N1' },
	{ type: 'call.queued', at: '2026-03-02T09:00:03.000Z', call: C3, queue: 'Support N1', caller: '0611111111' },
	{ type: 'call.queued', at: '2026-03-02T09:00:33.000Z', call: C3, queue: 'Support N2', caller: '0611111111' },
	{ type: 'call.dequeued', at: '2026-03-02T09:00:33.000Z', call: C3, queue: 'Support N1' },
	{
		type: 'agent.state',
		at: '2026-03-02T09:00:53.000Z',
		agent: 'pmartin',
		state: 'not_ready',
		reason: 'Ring no answer (32763)'
	},
	{ type: 'call.answered', at: '2026-03-02T09:00:55.500Z', call: C3, queue: 'Support N2', agent: 'lbernard' },
	{ type: 'call.ended', at: '2026-03-02T09:05:00.000Z', call: C3, queue: 'Support N2', agent: 'lbernard' },
	{ type: 'agent.state', at: '2026-03-02T12:00:00.000Z', agent: 'jdupont', state: 'not_ready', reason: '101' },
	{ type: 'agent.state', at: '2026-03-02T12:30:00.000Z', agent: 'jdupont', state: 'not_ready' },
	{
		type: 'agent.state',
		at: '2026-03-02T17:00:00.000Z',
		agent: 'jdupont',
		state: 'logged_out',
		reason: 'Desktop closed without logout (32766)'
	},
	{ type: 'agent.state', at: '2026-03-02T17:30:00.000Z', agent: 'resource-9999', state: 'logged_out' }
];

const withoutIds = (events: VigieEvent[]) => events.map(({ id: _id, ...rest }) => rest as EventWithoutId);

let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'vigie-uccx-'));
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string[] | string>) {
	for (const [name, lines] of Object.entries(files)) {
		await writeFile(join(dir, name), Array.isArray(lines) ? lines.join('\n') + '\n' : lines);
	}
}

const FULL_EXPORT = {
	'ContactCallDetail.csv': CCD,
	'ContactQueueDetail.csv': CQD,
	'AgentConnectionDetail.csv': ACD,
	'AgentStateDetail.csv': ASD,
	'Resource.csv': RESOURCE,
	'ContactServiceQueue.csv': CSQ
};

/** Rows as the directory reader would give them, for the pure core. */
function rows(lines: string[]): Row[] {
	const split = (line: string) => line.split(',');
	const header = split(lines[0]!);
	return lines.slice(1).map((line) => Object.fromEntries(split(line).map((cell, i) => [header[i]!, cell])));
}

describe('translateUccxDirectory', () => {
	it('translates a handled call, an abandoned one, an overflow and agent states into the exact events', async () => {
		await write(FULL_EXPORT);
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(withoutIds(result.events)).toEqual(EXPECTED);
		expect(result.files).toEqual([
			'AgentConnectionDetail.csv',
			'AgentStateDetail.csv',
			'ContactCallDetail.csv',
			'ContactQueueDetail.csv',
			'ContactServiceQueue.csv',
			'Resource.csv'
		]);
	});

	it('gives events that all pass checkEvent, with unique deterministic ids', async () => {
		await write(FULL_EXPORT);
		const first = await translateUccxDirectory(dir);
		for (const event of first.events) expect(checkEvent(event)).toEqual({ ok: true, event });
		const ids = first.events.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^uccx-[0-9a-z]{9}-[0-9a-f]{22}$/);

		// Importing the same export again (even renamed, reordered, with timestamps written differently) gives the
		// same ids, so it counts once.
		const again = await translateUccxDirectory(dir);
		expect(again.events).toEqual(first.events);
		await rm(join(dir, 'ContactQueueDetail.csv'));
		await rm(join(dir, 'AgentStateDetail.csv'));
		await write({
			'ContactQueueDetail_2026-03-02.csv': [CQD[0]!, ...CQD.slice(1).reverse()],
			'AgentStateDetail_2026-03-02.csv': ASD.map((line) => line.replace(/(\d{4}-\d{2}-\d{2}) (\S+?),/, '$1T$2Z,'))
		});
		const renamed = await translateUccxDirectory(dir);
		expect(renamed.events).toEqual(first.events);
	});

	it('matches headers case-insensitively (Informix exports them in lower case)', async () => {
		const lower = (lines: string[]) => [lines[0]!.toLowerCase(), ...lines.slice(1)];
		const upper = (lines: string[]) => [lines[0]!.toUpperCase(), ...lines.slice(1)];
		await write({
			'ContactCallDetail.csv': lower(CCD),
			'ContactQueueDetail.csv': upper(CQD),
			'AgentConnectionDetail.csv': lower(ACD),
			'AgentStateDetail.csv': upper(ASD),
			'Resource.csv': lower(RESOURCE),
			'ContactServiceQueue.csv': lower(CSQ)
		});
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(withoutIds(result.events)).toEqual(EXPECTED);
	});

	it('finds table files by name, case-insensitively, and ignores other files', async () => {
		await write({
			'contactcalldetail_2026-03-02.CSV': CCD,
			'CONTACTQUEUEDETAIL-2026-03-02.csv': CQD,
			'AgentConnectionDetail.csv': ACD,
			'Resource.csv': RESOURCE,
			'ContactServiceQueue.csv': CSQ,
			'ResourceGroup.csv': ['resourceGroupID,profileID,resourceGroupName', '1,1,Niveau 1'],
			'AgentStateDetailSnapshot.csv': ['agentID,eventDateTime,eventType', '1,bad,bad'],
			'RtCSQsSummary.csv': ['csqname,callswaiting', 'Support N1,3'],
			'notes.txt': 'exported by the UCCX admin'
		});
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(result.files).toEqual([
			'AgentConnectionDetail.csv',
			'CONTACTQUEUEDETAIL-2026-03-02.csv',
			'ContactServiceQueue.csv',
			'Resource.csv',
			'contactcalldetail_2026-03-02.CSV'
		]);
		expect(result.events.filter((e) => e.type.startsWith('call.'))).toHaveLength(10);
	});

	it('reads semicolon-separated, CRLF, BOM-prefixed and Windows-1252 files', async () => {
		const semicolons = (lines: string[]) =>
			'\uFEFF' +
			lines.map((line) => line.replaceAll(',', ';').replace('"Bernard; Léa"', '"Bernard, Léa"')).join('\r\n');
		await write({ ...FULL_EXPORT, 'ContactCallDetail.csv': semicolons(CCD), 'AgentStateDetail.csv': semicolons(ASD) });
		// A CSQ name with an accent, saved by a French Windows tool in Windows-1252.
		await writeFile(
			join(dir, 'ContactServiceQueue.csv'),
			Buffer.from('recordID,csqName,profileID\n5,Support N1,1\n6,Équipe N2,1\n', 'latin1')
		);
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(withoutIds(result.events)).toEqual(
			EXPECTED.map((e) => ('queue' in e && e.queue === 'Support N2' ? { ...e, queue: 'Équipe N2' } : e))
		);
	});

	it('names queues CSQ-<recordID> and agents resource-<resourceID> when those tables are not exported', async () => {
		await write({
			'ContactCallDetail.csv': CCD,
			'ContactQueueDetail.csv': CQD,
			'AgentConnectionDetail.csv': ACD
		});
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(new Set(result.events.map((e) => ('queue' in e ? e.queue : '')))).toEqual(new Set(['CSQ-5', 'CSQ-6']));
		expect(result.events.find((e) => e.type === 'call.answered' && e.call === C1)).toMatchObject({
			agent: 'resource-2001'
		});
	});

	it('rejects bad rows with file, line and reason, and still translates the rest', async () => {
		await write({
			...FULL_EXPORT,
			'ContactCallDetail.csv': [
				...CCD,
				'280000000010,0,1,1,1,1,3,0600000000,2,02/03/2026 10:00,2026-03-02 10:00:09.000,0,Support,9', // line 5
				'280000000011,0,1,1,1,1,3,0600000000,2,2026-03-02 10:05:00.000,2026-03-02 10:05:09.000,0,Support,9'
			],
			'ContactQueueDetail.csv': [
				...CQD,
				'280000000010,0,1,1,5,0,1,1,1,f,4,2026-03-02 10:00:02.000,2026-03-02 10:00:06.000', // line 6: call rejected
				'280000000011,0,1,1,5,0,1,1,9,f,4,2026-03-02 10:05:02.000,2026-03-02 10:05:06.000', // line 7: disposition 9
				'280000000099,0,1,1,5,0,1,1,1,f,4,2026-03-02 10:06:02.000,2026-03-02 10:06:06.000', // line 8: no call
				'280000000011,0,1,1,2001,1,1,1,2,t,4,2026-03-02 10:05:02.000,2026-03-02 10:05:06.000', // line 9: agent target
				'280000000011,0,1,1,77,0,1,1,1,f,4,2026-03-02 10:05:02.000,2026-03-02 10:05:06.000', // line 10: unknown CSQ
				'280000000011,0,1,1,6,0,1,2,2,t,4,2026-03-02 10:05:02.000,2026-03-02 10:05:06.000', // line 11: no agent
				'280000000011,0,1,1,5,0,1', // line 12: short row
				'280000000011,0,1,1,5,0,2,1,1,f,-1,,' // line 13: no exit time
			],
			'AgentStateDetail.csv': [
				...ASD,
				'2001,2026-03-02 18:00:00.000,0,8,0,1', // line 13: eventType 8
				',2026-03-02 18:00:00.000,0,3,0,1', // line 14: no agentID
				'2001,2026-13-02 18:00:00.000,0,3,0,1', // line 15: month 13
				'2001,1999-12-31 23:00:00.000,0,3,0,1' // line 16: before 2000
			]
		});
		const result = await translateUccxDirectory(dir);
		// Each rejection names its row's primary key, for the site's administrator.
		expect(result.rejected.find((r) => r.file === 'ContactQueueDetail.csv' && r.line === 7)?.key).toBe(
			'sessionID=280000000011, sessionSeqNum=0, nodeID=1, profileID=1, targetID=5, targetType=0, qIndex=1'
		);
		expect(result.rejected.map(({ key: _key, ...rest }) => rest)).toEqual([
			{
				file: 'AgentStateDetail.csv',
				line: 13,
				raw: '2001,2026-03-02 18:00:00.000,0,8,0,1',
				error: expect.stringContaining('unknown eventType 8')
			},
			{ file: 'AgentStateDetail.csv', line: 14, raw: expect.any(String), error: 'agentID is empty' },
			{
				file: 'AgentStateDetail.csv',
				line: 15,
				raw: expect.any(String),
				error: expect.stringContaining('eventDateTime is not a timestamp')
			},
			{
				file: 'AgentStateDetail.csv',
				line: 16,
				raw: expect.any(String),
				error: expect.stringContaining('before 2000-01-01')
			},
			{
				file: 'ContactCallDetail.csv',
				line: 5,
				raw: expect.stringContaining('02/03/2026 10:00'),
				error: expect.stringContaining('startDateTime is not a timestamp')
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 6,
				raw: expect.any(String),
				error: 'its ContactCallDetail row (ContactCallDetail.csv line 5) was rejected'
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 7,
				raw: expect.any(String),
				error: expect.stringContaining('unknown disposition 9')
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 8,
				raw: expect.any(String),
				error: 'no ContactCallDetail row for sessionID 280000000099, sessionSeqNum 0, nodeID 1, profileID 1'
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 9,
				raw: expect.any(String),
				error: expect.stringContaining('targetType 1')
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 10,
				raw: expect.any(String),
				error: 'targetID 77 is not a recordID of ContactServiceQueue'
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 11,
				raw: expect.any(String),
				error: 'handled (disposition 2) but no AgentConnectionDetail row for this leg: the agent is unknown'
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 12,
				raw: '280000000011,0,1,1,5,0,1',
				error: 'the row has 7 field(s) but the header has 13'
			},
			{
				file: 'ContactQueueDetail.csv',
				line: 13,
				raw: expect.any(String),
				error: expect.stringContaining('queueTime is empty')
			}
		]);
		// Everything else is still there, and nothing half-translated from the rejected rows.
		expect(withoutIds(result.events)).toEqual(EXPECTED);
	});

	it('rejects a file without its required columns once, naming them, and reads the other files', async () => {
		await write({
			...FULL_EXPORT,
			'AgentConnectionDetail.csv': [
				'sessionID,sessionSeqNum,nodeID,profileID,resourceID,startDateTime,endDateTime',
				'280000000001,0,1,1,2001,2026-03-02 08:15:17.000,2026-03-02 08:17:40.500'
			]
		});
		const result = await translateUccxDirectory(dir);
		expect(result.rejected[0]).toEqual({
			file: 'AgentConnectionDetail.csv',
			line: 1,
			raw: 'sessionID,sessionSeqNum,nodeID,profileID,resourceID,startDateTime,endDateTime',
			error: 'AgentConnectionDetail: missing required column(s) ringTime, talkTime; the file was not read'
		});
		// Handled calls need their agent: those queue rows are rejected, nothing else.
		expect(result.rejected.slice(1).map((r) => [r.file, r.line])).toEqual([
			['ContactQueueDetail.csv', 2],
			['ContactQueueDetail.csv', 5]
		]);
		expect(result.events.filter((e) => e.type === 'agent.state')).toHaveLength(11);
		expect(result.events.filter((e) => e.type.startsWith('call.'))).toHaveLength(4);
	});

	it('rejects an empty file and an unreadable CSV record', async () => {
		await write({
			...FULL_EXPORT,
			'Resource.csv': '',
			'AgentStateDetail.csv': [...ASD.slice(0, 4), '2001,"2026-03-02 08:00:00.000,0,3,0,1']
		});
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([
			{
				file: 'AgentStateDetail.csv',
				line: 5,
				raw: '2001,"2026-03-02 08:00:00.000,0,3,0,1',
				error: expect.stringContaining('unreadable CSV')
			},
			{ file: 'Resource.csv', line: 1, raw: '', error: 'Resource: the file is empty (no header row)' }
		]);
		// The rows before the broken one are kept; an empty Resource table leaves agents unnamed.
		expect(result.events.filter((e) => e.type === 'agent.state')).toHaveLength(3);
		expect(result.events.find((e) => e.type === 'call.answered')).toMatchObject({ agent: 'resource-2001' });
	});

	it('keeps one event per row when the same rows come in overlapping files', async () => {
		await write({ ...FULL_EXPORT, 'ContactQueueDetail_again.csv': CQD, 'AgentStateDetail_again.csv': ASD });
		const result = await translateUccxDirectory(dir);
		expect(result.rejected).toEqual([]);
		expect(withoutIds(result.events)).toEqual(EXPECTED);
	});
});

describe('translateUccxTables', () => {
	const tables = () => ({
		contactCallDetail: rows(CCD),
		contactQueueDetail: rows(CQD),
		agentConnectionDetail: rows(ACD.map((line) => line.replace('"Facture, relance"', 'Facture'))),
		agentStateDetail: rows(ASD),
		resource: rows(RESOURCE.map((line) => line.replace('"Bernard, Léa"', 'Bernard Léa'))),
		contactServiceQueue: rows(CSQ)
	});

	it('gives the same events from rows in memory, and no files', () => {
		const result = translateUccxTables(tables());
		expect(result.rejected).toEqual([]);
		expect(result.files).toEqual([]);
		expect(withoutIds(result.events)).toEqual(EXPECTED);
		expect(translateUccxTables(tables()).events).toEqual(result.events);
	});

	it('numbers rejected in-memory rows by position, as if the header were line 1', () => {
		const input = tables();
		input.agentStateDetail.push({ agentID: '2001', eventDateTime: 'soon', eventType: '3' });
		const result = translateUccxTables(input);
		expect(result.rejected).toEqual([
			{
				file: 'AgentStateDetail',
				line: ASD.length + 1,
				key: 'agentID=2001, eventDateTime=soon, eventType=3',
				raw: JSON.stringify({ agentID: '2001', eventDateTime: 'soon', eventType: '3' }),
				error: expect.stringContaining('eventDateTime is not a timestamp')
			}
		]);
	});

	it('rejects a table missing a required column once', () => {
		const result = translateUccxTables({ agentStateDetail: [{ agentID: '1', eventType: '3' }] });
		expect(result.events).toEqual([]);
		expect(result.rejected).toEqual([
			{
				file: 'AgentStateDetail',
				line: 1,
				raw: 'agentID,eventType',
				error: 'AgentStateDetail: missing required column(s) eventDateTime'
			}
		]);
	});

	it('rejects queue rows at once when ContactCallDetail is not exported', () => {
		const { contactCallDetail: _ccd, ...rest } = tables();
		const result = translateUccxTables(rest);
		expect(result.rejected).toEqual([
			{
				file: 'ContactQueueDetail',
				line: 1,
				raw: '',
				error: expect.stringContaining('ContactCallDetail is not in the export')
			}
		]);
		expect(result.events.every((e) => e.type === 'agent.state')).toBe(true);
	});

	it('answers a call queued to two CSQs at once in one and dequeues it from the other', () => {
		const result = translateUccxTables({
			contactCallDetail: [
				{ sessionID: '42', sessionSeqNum: '0', nodeID: '1', profileID: '1', startDateTime: '2026-03-02 10:00:00' }
			],
			contactQueueDetail: [
				...['5', '6'].map((targetID) => ({
					sessionID: '42',
					sessionSeqNum: '0',
					nodeID: '1',
					profileID: '1',
					targetID,
					targetType: '0',
					qIndex: '1',
					disposition: targetID === '6' ? '2' : '5',
					queueTime: '25',
					startDateTime: '2026-03-02 10:00:05',
					endDateTime: '2026-03-02 10:00:30'
				}))
			],
			agentConnectionDetail: [
				{
					sessionID: '42',
					sessionSeqNum: '0',
					nodeID: '1',
					profileID: '1',
					resourceID: '2002',
					qIndex: '1',
					startDateTime: '2026-03-02 10:00:30',
					endDateTime: '2026-03-02 10:02:00',
					ringTime: '4',
					talkTime: '86',
					csqRecordID: '6'
				}
			],
			resource: rows(RESOURCE.map((line) => line.replace('"Bernard, Léa"', 'Bernard Léa'))),
			contactServiceQueue: rows(CSQ)
		});
		expect(result.rejected).toEqual([]);
		const call = 'uccx-1-1-42';
		expect(withoutIds(result.events)).toEqual([
			{ type: 'call.queued', at: '2026-03-02T10:00:05.000Z', call, queue: 'Support N1' },
			{ type: 'call.queued', at: '2026-03-02T10:00:05.000Z', call, queue: 'Support N2' },
			{ type: 'call.dequeued', at: '2026-03-02T10:00:30.000Z', call, queue: 'Support N1' },
			{ type: 'call.answered', at: '2026-03-02T10:00:34.000Z', call, queue: 'Support N2', agent: 'pmartin' },
			{ type: 'call.ended', at: '2026-03-02T10:02:00.000Z', call, queue: 'Support N2', agent: 'pmartin' }
		]);
	});

	it('falls back on the leg start and queueTime when the queue row has no times of its own', () => {
		const result = translateUccxTables({
			contactCallDetail: [
				{ sessionID: '7', sessionSeqNum: '0', nodeID: '1', profileID: '1', startDateTime: '2026-03-02T10:00:00.5Z' }
			],
			contactQueueDetail: [
				{
					sessionID: '7',
					sessionSeqNum: '0',
					nodeID: '1',
					profileID: '1',
					targetID: '5',
					targetType: '0',
					disposition: '4',
					queueTime: '9'
				}
			]
		});
		expect(withoutIds(result.events)).toEqual([
			{ type: 'call.queued', at: '2026-03-02T10:00:00.500Z', call: 'uccx-1-1-7', queue: 'CSQ-5' },
			{ type: 'call.dequeued', at: '2026-03-02T10:00:09.500Z', call: 'uccx-1-1-7', queue: 'CSQ-5' }
		]);
	});

	it('gives a later leg of the same call its own id when it comes back to the same CSQ', () => {
		const leg = (sessionSeqNum: string, disposition: string, start: string) => ({
			call: { sessionID: '8', sessionSeqNum, nodeID: '1', profileID: '1', startDateTime: start },
			queue: {
				sessionID: '8',
				sessionSeqNum,
				nodeID: '1',
				profileID: '1',
				targetID: '5',
				targetType: '0',
				qIndex: '1',
				disposition,
				queueTime: '10',
				startDateTime: start
			}
		});
		const first = leg('0', '3', '2026-03-02 10:00:00');
		const second = leg('1', '1', '2026-03-02 10:05:00');
		const result = translateUccxTables({
			contactCallDetail: [second.call, first.call],
			contactQueueDetail: [second.queue, first.queue]
		});
		expect(result.rejected).toEqual([]);
		expect(withoutIds(result.events).map((e) => [e.type, 'call' in e ? e.call : ''])).toEqual([
			['call.queued', 'uccx-1-1-8'],
			['call.dequeued', 'uccx-1-1-8'],
			['call.queued', 'uccx-1-1-8-1.1'],
			['call.abandoned', 'uccx-1-1-8-1.1']
		]);
	});
});

describe('helpers', () => {
	it('names Cisco system reason codes and keeps site codes as numbers', () => {
		expect(uccxReason(32763)).toBe('Ring no answer (32763)');
		expect(uccxReason(32760)).toBe('Agent login (32760)');
		expect(uccxReason(32765)).toBe('Connection down (32765)');
		for (let code = 32750; code <= 32767; code++) expect(uccxReason(code)).toMatch(/^[A-Z].+ \(\d{5}\)$/);
		expect(uccxReason(101)).toBe('101');
	});

	it('knows a table file by its name', () => {
		expect(uccxTableOfFile('ContactCallDetail.csv')).toBe('contactCallDetail');
		expect(uccxTableOfFile('contactqueuedetail_2026-03-02.CSV')).toBe('contactQueueDetail');
		expect(uccxTableOfFile('Resource.csv')).toBe('resource');
		expect(uccxTableOfFile('ResourceGroup.csv')).toBeUndefined();
		expect(uccxTableOfFile('AgentStateDetailSnapshot.csv')).toBeUndefined();
		expect(uccxTableOfFile('ContactCallDetail.txt')).toBeUndefined();
	});
});
