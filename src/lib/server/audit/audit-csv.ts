import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { csvStream, type Cell } from '../reports/csv.ts';
import { readAudit, type AuditQuery } from './audit.ts';
import { localTime } from './audit-query.ts';

export const AUDIT_CSV_COLUMNS = ['at', 'actor', 'action', 'target', 'address', 'outcome'] as const;

/** Lines per read: the trail of a busy year streams in pages, never whole. */
const PAGE = 1000;

async function* pages(db: Kysely<Database>, query: AuditQuery, zone: string): AsyncIterable<Cell[][]> {
	let afterId: string | undefined;
	for (;;) {
		const page = await readAudit(db, { ...query, afterId, limit: PAGE }, 'oldest');
		yield page.map((l) => [localTime(l.at, zone), l.actor, l.action, l.target, l.address, l.outcome]);
		if (page.length < PAGE) return;
		afterId = page[page.length - 1]!.id;
	}
}

/** The audit export, RFC 4180, cells neutralised like every export's. */
export function auditCsv(db: Kysely<Database>, query: AuditQuery, zone: string, fileName: string): Response {
	const csv = csvStream(AUDIT_CSV_COLUMNS, pages(db, query, zone), 'rfc4180');
	return new Response(Readable.toWeb(csv) as ReadableStream, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`
		}
	});
}
