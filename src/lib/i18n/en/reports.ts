import type { reports as fr } from '../fr/reports.ts';

export const reports: typeof fr = {
	title: 'Reports'
};
