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
			demoSource: 'events',
			ingestMaxBytes: 10 * 1024 * 1024,
			logLevel: 'info',
			uccx: null,
			uccxDemoDatabaseUrl: null,
			maxWaitHours: 4,
			maxStateHours: 12,
			liveMaxReadsPerSecond: 20,
			retention: { days: { events: 365, agent_detail: 365, callers: 90 }, purgeAtMinutes: 210 },
			origin: null,
			signInLockSeconds: 900,
			signInLockAfter: 10,
			auditRetentionDays: 366,
			pgBin: null
		});
	});

	it('reads how long raw events, agent detail and callers’ numbers are kept, and when they are purged', () => {
		const config = readConfig({
			VIGIE_RETAIN_EVENTS_DAYS: '400',
			VIGIE_RETAIN_AGENT_DETAIL_DAYS: '180',
			VIGIE_RETAIN_CALLERS_DAYS: '30',
			VIGIE_PURGE_AT: '01:15'
		});
		expect(config.retention).toEqual({ days: { events: 400, agent_detail: 180, callers: 30 }, purgeAtMinutes: 75 });
		expect(() => readConfig({ VIGIE_RETAIN_CALLERS_DAYS: '0' })).toThrow(
			'VIGIE_RETAIN_CALLERS_DAYS="0": must be at least 1 day(s)'
		);
		expect(() => readConfig({ VIGIE_RETAIN_EVENTS_DAYS: '3 months' })).toThrow(
			'VIGIE_RETAIN_EVENTS_DAYS="3 months": must be a number'
		);
		expect(() => readConfig({ VIGIE_PURGE_AT: '3h30' })).toThrow('VIGIE_PURGE_AT="3h30": must be a local time HH:MM');
	});

	it('reads the public address, alone', () => {
		expect(readConfig({ ORIGIN: 'https://vigie.example' }).origin).toBe('https://vigie.example');
		expect(() => readConfig({ ORIGIN: 'https://vigie.example/wall' })).toThrow(/ORIGIN/);
		expect(() => readConfig({ ORIGIN: 'vigie.example' })).toThrow(/ORIGIN/);
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

	it('says what each variable must be in people’s words, never the schema library’s (issue 13, item 7)', () => {
		const problems = (env: Record<string, string>) => {
			try {
				readConfig(env);
			} catch (e) {
				return (e as ConfigError).problems;
			}
			return [];
		};
		expect(problems({ PORT: 'abc' })).toEqual(['PORT="abc": must be a port number between 1 and 65535']);
		expect(problems({ PORT: '70000' })).toEqual(['PORT="70000": must be a port number between 1 and 65535']);
		expect(problems({ VIGIE_LOG_LEVEL: 'loud' })).toEqual([
			'VIGIE_LOG_LEVEL="loud": must be fatal, error, warn, info, debug, trace or silent'
		]);
		expect(problems({ VIGIE_INGEST_MAX_BYTES: 'x' })).toEqual(['VIGIE_INGEST_MAX_BYTES="x": must be a number']);
		expect(problems({ VIGIE_LIVE_MAX_READS_PER_S: '-1' })).toEqual([
			'VIGIE_LIVE_MAX_READS_PER_S="-1": must be at least 0'
		]);
		const all = problems({
			PORT: 'abc',
			VIGIE_MAX_WAIT_H: 'x',
			VIGIE_UCCX_HISTORICAL_POLL_S: 'abc',
			VIGIE_DEMO: 'yes'
		});
		expect(all).toHaveLength(4);
		expect(all.join('\n')).not.toMatch(/Invalid|expected|received|Too (small|big)/);
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

	it('says how to write a password with special characters in DATABASE_URL, without repeating it', () => {
		// Found following the installation guide: a '#' in the password ended in a bare "Invalid URL" from pg.
		for (const password of ['s3c#ret', 'ab/cd', 's3c?ret']) {
			const url = `postgres://vigie:${password}@db:5432/vigie`;
			expect(() => readConfig({ DATABASE_URL: url })).toThrow(/percent-encoded.*%23/);
			expect(() => readConfig({ DATABASE_URL: url })).not.toThrow(password);
		}
		const encoded = `postgres://vigie:${encodeURIComponent('s3c#r/e?t@')}@db:5432/vigie`;
		expect(readConfig({ DATABASE_URL: encoded }).databaseUrl).toBe(encoded);
	});

	it('reads the UCCX sources of contract §7 with their defaults, one connection string per node', () => {
		const config = readConfig({
			VIGIE_UCCX_HISTORICAL_ODBC: 'DSN=uccx_sub;UID=uccxhruser;PWD=s3cret',
			VIGIE_UCCX_REALTIME_ODBC: 'DSN=uccx_pub;UID=uccxwallboard;PWD=w4ll',
			VIGIE_UCCX_REALTIME_ODBC_2: 'DSN=uccx_sub;UID=uccxwallboard;PWD=w4ll',
			VIGIE_UCCX_NODES: 'uccx-pub, https://uccx-sub',
			VIGIE_FINESSE_URL: 'https://uccx-pub:8445/',
			VIGIE_FINESSE_USER: 'wallboard',
			VIGIE_FINESSE_PASSWORD: 'pw',
			VIGIE_FINESSE_TEAMS: '1, 4'
		});
		expect(config.uccx).toEqual({
			historical: { odbc: ['DSN=uccx_sub;UID=uccxhruser;PWD=s3cret'], pollSeconds: 60, overlapSeconds: 7200 },
			realtime: {
				odbc: ['DSN=uccx_pub;UID=uccxwallboard;PWD=w4ll', 'DSN=uccx_sub;UID=uccxwallboard;PWD=w4ll'],
				pollSeconds: 5
			},
			nodes: ['http://uccx-pub', 'https://uccx-sub'],
			finesse: {
				urls: ['https://uccx-pub:8445'],
				user: 'wallboard',
				password: 'pw',
				teams: ['1', '4'],
				xmppUrl: null,
				xmppDomain: null
			}
		});
		expect(readConfig({ VIGIE_DEMO: 'uccx', DATABASE_URL: 'postgres://pg/vigie' })).toMatchObject({
			demo: true,
			demoSource: 'uccx',
			uccxDemoDatabaseUrl: 'postgres://pg/vigie_uccx_demo'
		});
		expect(() => readConfig({ VIGIE_DEMO: 'uccx' })).toThrow(
			/VIGIE_DEMO=uccx keeps its emulated UCCX database in PostgreSQL/
		);
	});

	it('says what a half-done UCCX configuration lacks, and never repeats a connection string', () => {
		let error: unknown;
		try {
			readConfig({
				VIGIE_UCCX_REALTIME_ODBC: 'uccx_pub PWD s3cret',
				VIGIE_UCCX_HISTORICAL_ODBC_2: 'DSN=x;PWD=s3cret',
				VIGIE_FINESSE_URL: 'uccx-pub:8445',
				VIGIE_FINESSE_TEAMS: 'Support',
				VIGIE_UCCX_REALTIME_POLL_S: '0'
			});
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const problems = (error as ConfigError).problems.join('\n');
		expect(problems).toContain('VIGIE_UCCX_REALTIME_ODBC (value hidden): must be an ODBC connection string');
		expect(problems).toContain('VIGIE_UCCX_REALTIME_POLL_S="0": must be at least 1 seconds');
		expect(problems).not.toContain('s3cret');
		const second = (() => {
			try {
				readConfig({
					VIGIE_UCCX_HISTORICAL_ODBC_2: 'DSN=x;PWD=s3cret',
					VIGIE_FINESSE_URL: 'uccx-pub:8445',
					VIGIE_FINESSE_TEAMS: 'Support'
				});
			} catch (e) {
				return (e as ConfigError).problems;
			}
		})()!;
		expect(second).toContain('VIGIE_UCCX_HISTORICAL_ODBC_2 is set without VIGIE_UCCX_HISTORICAL_ODBC (the first node)');
		expect(second).toContain('Finesse is half configured: set VIGIE_FINESSE_USER, VIGIE_FINESSE_PASSWORD as well');
		expect(second.join('\n')).toContain(
			'VIGIE_FINESSE_URL="uccx-pub:8445": must be an address like https://uccx-pub:8445'
		);
		expect(second.join('\n')).toContain('team ids are numbers');
		expect(second.join('\n')).not.toContain('s3cret');
	});
});
