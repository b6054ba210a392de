import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';

import type { AuditAction, AuditOutcome } from '../../audit-vocabulary.ts';

export { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from '../../audit-vocabulary.ts';

export type ActorKind = 'user' | 'token' | 'cli' | 'anonymous';

/** Who acts: a person, a token, the command line, or someone not (yet) known (a failed sign-in). */
export interface Actor {
	name: string;
	kind: ActorKind;
	/** The client's address; `local` for the command line. */
	address: string | null;
}

export interface AuditEntry {
	action: AuditAction;
	/** What it was done on: a screen's, a person's or a token's name, an export's name. */
	target?: string | null;
	outcome?: AuditOutcome;
	/** Anything else that helps to read the line (an export's range, a new role). Never a secret. */
	detail?: Record<string, unknown>;
}

/** Where the trail goes: the database, and the same line in the JSON log for the site's collector. */
export interface AuditSink {
	database: { db: Kysely<Database> };
	log: Logger;
}

/** The actor of a request made with these credentials, from that address. */
export function actorOf(principal: Principal | null, address: string | null): Actor {
	return principal ? { name: principal.name, kind: principal.kind, address } : { name: '', kind: 'anonymous', address };
}

/** The actor of a `vigie …` command: the operating-system account that ran it. */
export function cliActor(): Actor {
	let account = process.env.SUDO_USER || process.env.USER || '';
	try {
		account ||= os.userInfo().username;
	} catch {
		// No name for this uid (a container's arbitrary user): its number says enough.
		account ||= String(process.getuid?.() ?? '?');
	}
	return { name: `cli:${account}`, kind: 'cli', address: 'local' };
}

/**
 * Records one action. The log line goes first: if the database cannot take the row (it is down, and the action
 * most likely failed with it), the collector still has it, and the caller's answer is not turned into an error.
 */
export async function audit(sink: AuditSink, actor: Actor, entry: AuditEntry): Promise<void> {
	const row = {
		actor: actor.name,
		actor_kind: actor.kind,
		action: entry.action,
		target: entry.target ?? null,
		address: actor.address,
		outcome: entry.outcome ?? 'ok',
		detail: entry.detail ? JSON.stringify(entry.detail) : null
	};
	sink.log.info({ audit: { ...row, detail: entry.detail ?? null } }, `audit: ${entry.action}`);
	try {
		await sink.database.db.insertInto('audit_log').values(row).execute();
	} catch (error) {
		sink.log.error({ err: error, audit: row }, 'audit: could not store the line in the database');
	}
}

/** Deletes lines older than the retention; returns how many went. */
export async function purgeAudit(db: Kysely<Database>, retentionDays: number): Promise<number> {
	const result = await db
		.deleteFrom('audit_log')
		.where('at', '<', sql<Date>`now() - make_interval(days => ${retentionDays})`)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** What the page, the CLI and the export filter the trail by. */
export interface AuditQuery {
	from: Date;
	/** Exclusive. */
	to: Date;
	/** Part of the actor's name, any case. */
	actor?: string;
	/** An action, or an area's prefix (`user.`, `sign-in`). */
	action?: string;
	outcome?: AuditOutcome;
	limit?: number;
	/** Oldest-first paging: only lines written after the line of this id. */
	afterId?: string;
}

export interface AuditLine {
	id: string;
	at: Date;
	actor: string;
	actorKind: ActorKind;
	action: string;
	target: string | null;
	address: string | null;
	outcome: AuditOutcome;
	detail: Record<string, unknown> | null;
}

/** The trail's lines in a range, newest first (oldest first for an export: `ascending`). */
export async function readAudit(
	db: Kysely<Database>,
	query: AuditQuery,
	order: 'newest' | 'oldest' = 'newest'
): Promise<AuditLine[]> {
	// NOTE: lines are numbered as they are written, so the number orders them by time and pages them exactly
	// (a JavaScript Date keeps milliseconds of the microseconds stored, too coarse to page on).
	let select = db
		.selectFrom('audit_log')
		.selectAll()
		.where('at', '>=', query.from)
		.where('at', '<', query.to)
		.orderBy('id', order === 'newest' ? 'desc' : 'asc');
	if (query.actor) select = select.where('actor', 'ilike', `%${escapeLike(query.actor)}%`);
	if (query.action) select = select.where('action', 'like', `${escapeLike(query.action)}%`);
	if (query.outcome) select = select.where('outcome', '=', query.outcome);
	if (query.limit) select = select.limit(query.limit);
	if (query.afterId) select = select.where('id', '>', query.afterId);
	const rows = await select.execute();
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		actor: r.actor,
		actorKind: r.actor_kind,
		action: r.action,
		target: r.target,
		address: r.address,
		outcome: r.outcome,
		detail: r.detail
	}));
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Audit lines past the retention go once at start and then every six hours; returns the stopper. */
export function startAuditRetention(
	db: Kysely<Database>,
	log: Logger,
	retentionDays: number,
	everyMs = 6 * 3600_000
): () => Promise<void> {
	const purge = async () => {
		try {
			const deleted = await purgeAudit(db, retentionDays);
			if (deleted > 0) log.info({ deleted, retentionDays }, 'audit: old lines deleted');
		} catch (error) {
			log.error({ err: error }, 'audit: could not delete old lines; trying again later');
		}
	};
	let running = purge();
	const timer = setInterval(() => (running = purge()), everyMs);
	timer.unref();
	return async () => {
		clearInterval(timer);
		await running;
	};
}
