import type { Locale } from '$lib/i18n/i18n.ts';

/** Shown for a figure that has no value (a zero denominator): never 0 and never NaN. */
export const EMPTY = '–';

/**
 * Figures as a supervisor reads them, in the page's language: counts with grouped thousands, percentages with
 * one decimal, durations as h:mm:ss (m:ss under an hour).
 */
export function figureFormat(locale: Locale) {
	const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
	const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
	const percent = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
	const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
	return {
		count: (value: number | null) => (value === null ? EMPTY : integer.format(value)),
		percent: (value: number | null) => (value === null ? EMPTY : `${percent.format(value)} %`),
		decimal: (value: number | null) => (value === null ? EMPTY : decimal.format(value)),
		duration: (seconds: number | null) => (seconds === null ? EMPTY : clock(seconds))
	};
}

export type FigureFormat = ReturnType<typeof figureFormat>;

const TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A local calendar day `YYYY-MM-DD` as a Date whose UTC fields are that day, for Intl in `timeZone: 'UTC'`. */
const utcDay = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`);

/** A local day written out, e.g. "jeudi 26 novembre 2026" / "Thursday, 26 November 2026". */
export function longDay(day: string, locale: Locale): string {
	return new Intl.DateTimeFormat(TAG[locale], {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(utcDay(day));
}

/** A local day short enough for a table column, e.g. "jeu. 26/11/2026" / "Thu 26/11/2026". */
export function shortDay(day: string, locale: Locale): string {
	const weekday = new Intl.DateTimeFormat(TAG[locale], { weekday: 'short', timeZone: 'UTC' }).format(utcDay(day));
	return `${weekday} ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** An instant in RFC 3339 with the zone's offset, as the site reads it: "mardi 3 mars 2026 à 09:00". */
export function longInstant(iso: string, locale: Locale): string {
	return `${longDay(iso, locale)} ${locale === 'fr' ? 'à' : 'at'} ${iso.slice(11, 16)}`;
}

function clock(seconds: number): string {
	const total = Math.round(seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** How much of a period's start its label needs: the day when the rows span days, the offset on a DST day. */
export interface LabelNeeds {
	day: boolean;
	offset: boolean;
}

/** What the labels of these periods need to tell them apart. */
export function labelNeeds(periods: (string | null)[]): LabelNeeds {
	const offsets = new Set(periods.map((p) => p?.slice(19)));
	const days = new Set(periods.map((p) => p?.slice(0, 10)));
	return { day: days.size > 1, offset: offsets.size > 1 };
}

/**
 * A period as its table shows it, from its RFC 3339 start in the site's zone: the day for daily rows, the local
 * time otherwise, with the offset on a DST day (where 02:00 may come twice), e.g. `02:00 UTC+02:00`.
 */
export function periodLabel(iso: string, interval: string, needs: LabelNeeds = { day: false, offset: false }): string {
	const day = iso.slice(0, 10);
	if (interval === 'day') return day;
	const offset = iso.slice(19);
	let label = iso.slice(11, 16);
	if (needs.day) label = `${day} ${label}`;
	if (needs.offset) label += ` UTC${offset === 'Z' ? '+00:00' : offset}`;
	return label;
}

/** An instant (a call's queue entry) to the second, told apart the same way as periods. */
export function instantLabel(iso: string, needs: LabelNeeds): string {
	return periodLabel(iso, '15', needs).replace(iso.slice(11, 16), iso.slice(11, 19));
}
