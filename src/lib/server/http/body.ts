export class BodyTooLargeError extends Error {
	constructor(limit: number) {
		super(`the body is larger than the limit of ${limit} bytes (VIGIE_INGEST_MAX_BYTES); send it in smaller parts`);
		this.name = 'BodyTooLargeError';
	}
}

/**
 * Reads a request body as UTF-8 text, refusing it as soon as it passes `maxBytes`, so that an oversized body
 * is never held in memory whole.
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
	const declared = Number(request.headers.get('content-length'));
	if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			throw new BodyTooLargeError(maxBytes);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}
