/** How figures read on a wall: whole numbers, durations as m:ss (h:mm:ss past the hour), an en dash for "none". */
export const NONE = '–';

export function formatDuration(seconds: number | null): string {
	if (seconds === null) return NONE;
	const s = Math.max(0, Math.floor(seconds));
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const rest = String(s % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Percentages read as whole points on a wall; an empty value stays empty. */
export function formatPercent(value: number | null): string {
	return value === null ? NONE : String(Math.round(value));
}

/** Seconds elapsed from an ISO instant to `nowMs`, or null without an instant. */
export function secondsSince(iso: string | null, nowMs: number): number | null {
	return iso === null ? null : (nowMs - Date.parse(iso)) / 1000;
}
