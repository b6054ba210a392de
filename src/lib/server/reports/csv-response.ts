import { Readable } from 'node:stream';

/** An HTTP download of a streamed CSV: the response starts at once and the file is never held whole. */
export function csvDownload(csv: Readable, fileName: string): Response {
	return new Response(Readable.toWeb(csv) as ReadableStream, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`
		}
	});
}
