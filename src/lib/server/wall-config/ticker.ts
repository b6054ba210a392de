import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TickerLine } from '../../protocol.ts';
import { notifyConfigChanged } from './config-changes.ts';

export interface TickerMessage {
	id: string;
	text: string;
	/** `null`: every screen. */
	screen: string | null;
	expiresAt: Date | null;
	/** Shown from then on; `null`: at once. */
	startsAt: Date | null;
	urgent: boolean;
}

type TickerRow = {
	id: string;
	text: string;
	screen: string | null;
	expires_at: Date | null;
	starts_at: Date | null;
	urgent: boolean;
};
const messageOf = (row: TickerRow): TickerMessage => ({
	id: row.id,
	text: row.text,
	screen: row.screen,
	expiresAt: row.expires_at,
	startsAt: row.starts_at,
	urgent: row.urgent
});

/** Every message, expired ones included, newest first (the supervisors' form lists them). */
export async function listTickerMessages(db: Kysely<Database>): Promise<TickerMessage[]> {
	const rows = await db.selectFrom('ticker_messages').selectAll().orderBy('id', 'desc').execute();
	return rows.map(messageOf);
}

/** The messages a screen shows now: started, not expired; urgent ones first, then oldest first. */
export function activeTickerTexts(messages: TickerMessage[], screens: string[], now: Date): TickerLine[] {
	const shown = messages
		.filter(
			(m) =>
				(m.screen === null || screens.includes(m.screen)) &&
				(m.expiresAt === null || m.expiresAt > now) &&
				(m.startsAt === null || m.startsAt <= now)
		)
		.reverse();
	return [...shown.filter((m) => m.urgent), ...shown.filter((m) => !m.urgent)].map((m) => ({
		text: m.text,
		urgent: m.urgent
	}));
}

export async function addTickerMessage(
	db: Kysely<Database>,
	message: { text: string; screen: string | null; expiresAt: Date | null; startsAt?: Date | null; urgent?: boolean }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('ticker_messages')
			.values({
				text: message.text,
				screen: message.screen,
				expires_at: message.expiresAt,
				starts_at: message.startsAt ?? null,
				urgent: message.urgent ?? false
			})
			.execute();
		await notifyConfigChanged(trx);
	});
}

export async function deleteTickerMessage(db: Kysely<Database>, id: string): Promise<void> {
	if (!/^\d{1,18}$/.test(id)) return;
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('ticker_messages').where('id', '=', id).execute();
		await notifyConfigChanged(trx);
	});
}

/** The messages not yet expired: what the screens may show. */
export async function readCurrentTickerMessages(db: Kysely<Database>, now: Date): Promise<TickerMessage[]> {
	const rows = await db
		.selectFrom('ticker_messages')
		.selectAll()
		.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
		.orderBy('id', 'desc')
		.execute();
	return rows.map(messageOf);
}
