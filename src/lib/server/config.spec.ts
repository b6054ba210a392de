import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
	it('gives the documented defaults with an empty environment', () => {
		const config = readConfig({});
		expect(config).toEqual({
			port: 3000,
			host: '0.0.0.0',
			databaseUrl: null,
			dataDir: path.resolve('./data'),
			timezone: 'Europe/Paris',
			dayStartMinutes: 0,
			demo: true,
			ingestMaxBytes: 10 * 1024 * 1024,
			logLevel: 'info',
			maxWaitHours: 4,
			maxStateHours: 12,
			liveMaxReadsPerSecond: 20
		});
	});

	it('reads the live limits of waiting calls and open agent states, in hours', () => {
		const config = readConfig({ VIGIE_MAX_WAIT_H: '2.5', VIGIE_MAX_STATE_H: '10' });
		expect([config.maxWaitHours, config.maxStateHours]).toEqual([2.5, 10]);
		expect(() => readConfig({ VIGIE_MAX_WAIT_H: '0' })).toThrow(/VIGIE_MAX_WAIT_H/);
		expect(() => readConfig({ VIGIE_MAX_STATE_H: 'twelve' })).toThrow(/VIGIE_MAX_STATE_H/);
	});

	it('turns the demo off by default on a real PostgreSQL', () => {
		const config = readConfig({ DATABASE_URL: 'postgres://localhost/vigie' });
		expect(config.demo).toBe(false);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y', VIGIE_DEMO: '1' }).demo).toBe(true);
	});

	it('reads the day start of a 24-hour desk, on a quarter hour', () => {
		expect(readConfig({ VIGIE_DAY_START: '06:30' }).dayStartMinutes).toBe(390);
		expect(() => readConfig({ VIGIE_DAY_START: '6:10' })).toThrow(/VIGIE_DAY_START/);
		expect(() => readConfig({ VIGIE_DAY_START: '24:00' })).toThrow(/VIGIE_DAY_START/);
	});

	it('lists every bad variable in one error', () => {
		let error: unknown;
		try {
			readConfig({ PORT: 'eighty', VIGIE_TIMEZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', VIGIE_DEMO: 'yes' });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const problems = (error as ConfigError).problems.join('\n');
		for (const name of ['PORT', 'VIGIE_TIMEZONE', 'DATABASE_URL', 'VIGIE_DEMO']) {
			expect(problems).toContain(name);
		}
		expect((error as ConfigError).problems).toHaveLength(4);
	});

	it('treats an empty variable as unset', () => {
		expect(readConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
	});

	it('never repeats a password from DATABASE_URL', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://vigie:s3cret@db/vigie' })).toThrow(/mysql:\/\/vigie:\*\*\*@db/);
		expect(() => readConfig({ DATABASE_URL: 'mysql://vigie:s3cret@db/vigie' })).not.toThrow(/s3cret/);
	});
});
