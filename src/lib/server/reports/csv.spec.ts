import { describe, expect, it } from 'vitest';
import { buffer, text } from 'node:stream/consumers';
import { csvStream, formatNumber, neutralize, type Cell } from './csv.ts';

/** Rows in batches of two, as the readers hand them over a day at a time. */
async function* rowsOf(rows: Cell[][]) {
	for (let i = 0; i < rows.length; i += 2) yield rows.slice(i, i + 2);
}

describe('csv', () => {
	it('writes RFC 4180 with CRLF, quoting what needs it and leaving empty figures empty', async () => {
		const csv = await text(
			csvStream(
				['queue', 'asa_s', 'note'],
				rowsOf([
					['Support, N1', 12.345, null],
					['Dit "bonjour"', 3, 'a\nb']
				]),
				'rfc4180'
			)
		);
		expect(csv).toBe('queue,asa_s,note\r\n"Support, N1",12.35,\r\n"Dit ""bonjour""",3,"a\nb"\r\n');
	});

	it('writes excel-fr with a BOM, semicolons and decimal commas, and no sep= line', async () => {
		// Bytes, not text: a UTF-8 decoder would swallow the BOM this test is about.
		const bytes = await buffer(csvStream(['queue', 'sl'], rowsOf([['Comptes et accès', 83.3333]]), 'excel-fr'));
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8')).toBe('queue;sl\r\nComptes et accès;83,33\r\n');
	});

	it("quotes a cell holding the other dialect's separator, so that no spreadsheet splits it into a formula", async () => {
		const comma = await text(csvStream(['queue'], rowsOf([['Support;=2+3;x']]), 'rfc4180'));
		expect(comma).toBe('queue\r\n"Support;=2+3;x"\r\n');
		const french = await buffer(csvStream(['queue'], rowsOf([['Support,=2+3,x']]), 'excel-fr'));
		expect(french.subarray(3).toString('utf8')).toBe('queue\r\n"Support,=2+3,x"\r\n');
	});

	it('neutralises cells a spreadsheet would run as formulas', () => {
		for (const evil of ['=1+1', '+33 1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralize(evil)).toBe(`'${evil}`);
		expect(neutralize('Support N1')).toBe('Support N1');
		expect(formatNumber(-0.004, 'rfc4180')).toBe('0');
	});
});
