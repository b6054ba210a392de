/**
 * The Cisco UCCX 12.x historical tables (Informix database `db_cra`) that Vigie reads, whether they arrive as CSV
 * exports (`vigie ingest --format uccx-csv`) or straight from the database (the live connector): their names, the
 * columns the translation needs, and their keys. Names are those of the Cisco "Unified CCX Database Schema Guide".
 * Kept in step with docs/uccx-csv.md and docs/uccx.md.
 */

export type UccxTableKey =
	| 'contactCallDetail'
	| 'contactQueueDetail'
	| 'agentConnectionDetail'
	| 'agentStateDetail'
	| 'resource'
	| 'contactServiceQueue'
	| 'reasonCodeLabelMap'
	| 'team';

export interface UccxTableSpec {
	/** The table name of the UCCX schema, also the start of an export's file name. */
	name: string;
	/** Columns every row needs (schema spelling; matched case-insensitively). */
	required: readonly string[];
	/** Columns used when present. */
	optional: readonly string[];
	/** The primary key, named in dead letters so that the site's administrator can find the row. */
	key: readonly string[];
}

export const UCCX_TABLES: Readonly<Record<UccxTableKey, UccxTableSpec>> = {
	contactCallDetail: {
		name: 'ContactCallDetail',
		required: ['sessionID', 'sessionSeqNum', 'nodeID', 'profileID', 'startDateTime'],
		optional: ['contactType', 'contactDisposition', 'originatorType', 'originatorDN', 'endDateTime'],
		key: ['sessionID', 'sessionSeqNum', 'nodeID', 'profileID']
	},
	contactQueueDetail: {
		name: 'ContactQueueDetail',
		required: [
			'sessionID',
			'sessionSeqNum',
			'nodeID',
			'profileID',
			'targetID',
			'targetType',
			'disposition',
			'queueTime'
		],
		optional: ['qIndex', 'startDateTime', 'endDateTime'],
		key: ['sessionID', 'sessionSeqNum', 'nodeID', 'profileID', 'targetID', 'targetType', 'qIndex']
	},
	agentConnectionDetail: {
		name: 'AgentConnectionDetail',
		required: [
			'sessionID',
			'sessionSeqNum',
			'nodeID',
			'profileID',
			'resourceID',
			'startDateTime',
			'endDateTime',
			'ringTime',
			'talkTime'
		],
		optional: ['qIndex', 'holdTime', 'workTime', 'rna', 'csqRecordID'],
		key: ['sessionID', 'sessionSeqNum', 'nodeID', 'profileID', 'resourceID', 'startDateTime', 'qIndex']
	},
	agentStateDetail: {
		name: 'AgentStateDetail',
		required: ['agentID', 'eventDateTime', 'eventType'],
		optional: ['reasonCode', 'profileID'],
		key: ['agentID', 'eventDateTime', 'eventType', 'reasonCode', 'profileID']
	},
	resource: {
		name: 'Resource',
		required: ['resourceID', 'resourceLoginID'],
		optional: ['profileID', 'resourceName', 'assignedTeamID', 'active'],
		key: ['resourceID', 'profileID']
	},
	contactServiceQueue: {
		name: 'ContactServiceQueue',
		required: ['recordID', 'csqName'],
		optional: ['profileID', 'active', 'serviceLevel', 'serviceLevelPercentage'],
		key: ['recordID', 'profileID']
	},
	reasonCodeLabelMap: {
		name: 'ReasonCodeLabelMap',
		required: ['code', 'label'],
		optional: ['category'],
		key: ['code', 'category']
	},
	team: {
		name: 'Team',
		required: ['teamID', 'teamName'],
		optional: ['profileID', 'active'],
		key: ['teamID', 'profileID']
	}
};

export const UCCX_TABLE_KEYS = Object.keys(UCCX_TABLES) as UccxTableKey[];

/** The tables that name things (agents, queues, reasons, teams), small and read whole. */
export const UCCX_NAME_TABLES: readonly UccxTableKey[] = [
	'resource',
	'contactServiceQueue',
	'reasonCodeLabelMap',
	'team'
];
