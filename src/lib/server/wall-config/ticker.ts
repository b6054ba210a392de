import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notifyConfigChanged } from './config-changes.ts';

export interface TickerMessage {
	id: string;
	text: string;
	/** `null`: every screen. */
	screen: string | null;
	expiresAt: Date | null;
}

/** Every message, expired ones included, newest first (the supervisors' form lists them). */
export async function listTickerMessages(db: Kysely<Database>): Promise<TickerMessage[]> {
	const rows = await db.selectFrom('ticker_messages').selectAll().orderBy('id', 'desc').execute();
	return rows.map((row) => ({ id: row.id, text: row.text, screen: row.screen, expiresAt: row.expires_at }));
}

/** The messages a screen shows now, oldest first. */
export function activeTickerTexts(messages: TickerMessage[], screens: string[], now: Date): string[] {
	return messages
		.filter((m) => (m.screen === null || screens.includes(m.screen)) && (m.expiresAt === null || m.expiresAt > now))
		.reverse()
		.map((m) => m.text);
}

export async function addTickerMessage(
	db: Kysely<Database>,
	message: { text: string; screen: string | null; expiresAt: Date | null }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('ticker_messages')
			.values({ text: message.text, screen: message.screen, expires_at: message.expiresAt })
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
	return rows.map((row) => ({ id: row.id, text: row.text, screen: row.screen, expiresAt: row.expires_at }));
}
