/** How a figure stands against its thresholds: shown by colour and, for colour-blind viewers, by shape. */
export type Level = 'ok' | 'warn' | 'alarm';

/**
 * The two limits of a figure. Where more is worse (calls waiting), the figure is amber from `warn` and red from
 * `alarm`. Where less is worse (service level), `alarm` is below `warn`: amber below `warn`, red below `alarm`.
 */
export interface Thresholds {
	warn: number;
	alarm: number;
}

/** The figures a site may set thresholds on, per queue. */
export const THRESHOLD_METRICS = ['waiting', 'longest_waiting_s', 'service_level_pct', 'abandon_rate_pct'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

/** Calls waiting: five is a queue to watch, ten a queue in trouble (a site changes them per queue). */
export const DEFAULT_WAITING_THRESHOLDS: Thresholds = { warn: 5, alarm: 10 };

/** The product's thresholds where a queue has none of its own: the classic 80/20 target, a minute's wait. */
export const DEFAULT_THRESHOLDS: Record<ThresholdMetric, Thresholds> = {
	waiting: DEFAULT_WAITING_THRESHOLDS,
	longest_waiting_s: { warn: 60, alarm: 120 },
	service_level_pct: { warn: 80, alarm: 70 },
	abandon_rate_pct: { warn: 5, alarm: 10 }
};

export function levelOf(value: number | null, thresholds: Thresholds): Level {
	if (value === null) return 'ok';
	if (thresholds.alarm < thresholds.warn) {
		if (value < thresholds.alarm) return 'alarm';
		if (value < thresholds.warn) return 'warn';
		return 'ok';
	}
	if (value >= thresholds.alarm) return 'alarm';
	if (value >= thresholds.warn) return 'warn';
	return 'ok';
}
