import { describe, expect, it } from 'vitest';
import { exportFileName, parseExportRequest } from './export-request.ts';

const request = (query: Record<string, string>) =>
	parseExportRequest(new URLSearchParams({ from: '2026-03-01', to: '2026-03-31', ...query }), 'Europe/Paris');

describe('export file names', () => {
	it('say the range, the interval and the format, so two downloads never share a name', () => {
		expect(exportFileName('queues', request({ interval: '15' }))).toBe('vigie-queues-2026-03-01_2026-03-31-15min.csv');
		expect(exportFileName('queues', request({ interval: '15', format: 'excel-fr' }))).toBe(
			'vigie-queues-2026-03-01_2026-03-31-15min-excel-fr.csv'
		);
		expect(exportFileName('agents', request({ interval: 'day' }))).toBe('vigie-agents-2026-03-01_2026-03-31-day.csv');
		expect(exportFileName('abandoned', request({ format: 'excel-fr' }))).toBe(
			'vigie-abandoned-2026-03-01_2026-03-31-excel-fr.csv'
		);
	});
});
