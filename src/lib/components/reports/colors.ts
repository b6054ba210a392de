/**
 * The Okabe–Ito palette: told apart by colour-blind readers (about 1 man in 12) and in grey on paper.
 * Each series also differs by position (stack order) and carries a legend, never colour alone.
 */
export const SERIES = {
	answered: '#0072B2',
	abandoned: '#D55E00',
	dequeued: '#999999',
	serviceLevel: '#009E73',
	ready: '#009E73',
	notReady: '#D55E00',
	reserved: '#E69F00',
	talking: '#0072B2',
	work: '#56B4E9'
} as const;

export const CYCLE = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];
