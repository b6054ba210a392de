/** How a figure stands against its thresholds: shown by colour and, for colour-blind viewers, by shape. */
export type Level = 'ok' | 'warn' | 'alarm';

export interface Thresholds {
	/** The figure is at least this: amber. */
	warn: number;
	/** The figure is at least this: red. */
	alarm: number;
}

/** Calls waiting: five is a queue to watch, ten a queue in trouble (a site changes them per queue). */
export const DEFAULT_WAITING_THRESHOLDS: Thresholds = { warn: 5, alarm: 10 };

export function levelOf(value: number | null, thresholds: Thresholds): Level {
	if (value === null) return 'ok';
	if (value >= thresholds.alarm) return 'alarm';
	if (value >= thresholds.warn) return 'warn';
	return 'ok';
}
