import { sql } from 'kysely';

/**
 * The SQL of the 15-minute period holding a timestamp. NOTE: periods are cut in UTC from a fixed origin; every
 * real zone's offset is a multiple of 15 minutes, so these are also the site's local quarters, DST days included.
 */
export const periodOf = (column: ReturnType<typeof sql.ref>) =>
	sql<Date>`date_bin('15 minutes', ${column}, '2000-01-01 00:00:00+00'::timestamptz)`;

export const PERIOD = sql`interval '15 minutes'`;
