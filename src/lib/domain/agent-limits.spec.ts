import { describe, expect, it } from 'vitest';
import { agentLevel, limitFor, type AgentStateLimit } from './agent-limits.ts';

const site: AgentStateLimit[] = [
	{ state: 'not_ready', reason: 'Déjeuner', warnS: 45 * 60, alarmS: 60 * 60 },
	{ state: 'not_ready', reason: '', warnS: 10 * 60, alarmS: 20 * 60 }
];

describe('agent limits', () => {
	it('takes the reason’s own limit, else the state’s, else the product’s', () => {
		expect(limitFor(site, 'not_ready', 'Déjeuner')?.alarmS).toBe(3600);
		expect(limitFor(site, 'not_ready', 'Pause')?.alarmS).toBe(1200);
		expect(limitFor(site, 'work', null)?.alarmS).toBe(300);
		expect(limitFor(site, 'talking', null)).toBeNull();
	});

	it('marks a pause longer than its limit, and lunch only past its own', () => {
		expect(agentLevel(site, 'not_ready', 'Pause', 11 * 60)).toBe('warn');
		expect(agentLevel(site, 'not_ready', 'Pause', 21 * 60)).toBe('alarm');
		expect(agentLevel(site, 'not_ready', 'Déjeuner', 21 * 60)).toBe('ok');
		expect(agentLevel(site, 'talking', null, 5 * 3600)).toBe('ok');
		expect(agentLevel([], 'work', null, 6 * 60)).toBe('alarm');
	});
});
