import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { exportFileName, ExportRequestError, type ExportRequest } from './export-request.ts';
import { resolveNames } from './known-names.ts';
import { exportCsv, isExportName } from './exports.ts';

/** An HTTP download of a streamed CSV: the response starts at once and the file is never held whole. */
function csvDownload(csv: Readable, fileName: string): Response {
	return new Response(Readable.toWeb(csv) as ReadableStream, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`
		}
	});
}

/** What the audit trail keeps of an export's request: its filters as asked (a `token` parameter never). */
export function exportDetail(url: URL): Record<string, string> {
	const detail: Record<string, string> = {};
	for (const [name, value] of url.searchParams) if (name !== 'token') detail[name] = value;
	return detail;
}

/**
 * The answer to a GET of `<name>.csv`, whichever route reads the request: 404 for an export that does not exist,
 * 400 with the reason for a bad request (never an empty file that looks valid), else the CSV, streamed.
 */
export async function exportResponse(
	db: Kysely<Database>,
	name: string,
	readRequest: () => ExportRequest
): Promise<Response> {
	if (!isExportName(name)) return Response.json({ error: `there is no export named ${name}` }, { status: 404 });
	try {
		const request = await resolveNames(db, readRequest());
		return csvDownload(exportCsv(db, name, request), exportFileName(name, request));
	} catch (error) {
		if (error instanceof ExportRequestError) {
			return Response.json({ error: error.message, problems: error.problems }, { status: 400 });
		}
		throw error;
	}
}
