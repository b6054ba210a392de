import type { Kysely } from 'kysely';
import { SCREEN_LAYOUTS, type ScreenLayout, type ScreenView } from '../../protocol.ts';
import type { Database } from '../db/schema.ts';
import { notifyConfigChanged } from './config-changes.ts';

/** The screen that exists out of the box and shows every queue. */
export const DEFAULT_SCREEN = 'default';
/** The screen that exists out of the box and shows the agent board of every queue. */
export const AGENTS_SCREEN = 'agents';
export const SCREEN_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function isScreenLayout(value: string): value is ScreenLayout {
	return (SCREEN_LAYOUTS as readonly string[]).includes(value);
}

export async function readScreens(db: Kysely<Database>): Promise<Map<string, ScreenView>> {
	const rows = await db.selectFrom('screens').selectAll().orderBy('name').execute();
	return new Map(
		rows.map((row) => [
			row.name,
			{
				name: row.name,
				title: row.title,
				layout: isScreenLayout(row.layout) ? row.layout : 'queues',
				queues: row.queues,
				team: row.team,
				rotation: row.rotation,
				rotateEverySeconds: row.rotate_every_s
			}
		])
	);
}

/** The teams the agents' directory knows (UCCX `Team.teamName`), for a screen kept to one of them. */
export async function listTeams(db: Kysely<Database>): Promise<string[]> {
	const rows = await db
		.selectFrom('agent_directory')
		.select('team')
		.distinct()
		.where('team', 'is not', null)
		.orderBy('team')
		.execute();
	return rows.map((row) => row.team!);
}

export async function screenExists(db: Kysely<Database>, name: string): Promise<boolean> {
	if (!SCREEN_NAME.test(name)) return false;
	return (await db.selectFrom('screens').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
}

/** Creates or replaces a screen, and tells every web process. */
export async function saveScreen(db: Kysely<Database>, screen: ScreenView): Promise<void> {
	const values = {
		name: screen.name,
		title: screen.title,
		layout: screen.layout,
		queues: screen.queues,
		team: screen.team,
		rotation: screen.rotation,
		rotate_every_s: screen.rotateEverySeconds
	};
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('screens')
			.values(values)
			.onConflict((oc) => oc.column('name').doUpdateSet({ ...values, updated_at: new Date() }))
			.execute();
		await notifyConfigChanged(trx);
	});
}

/** Removes a screen; `default` stays, the contract promises it. */
export async function deleteScreen(db: Kysely<Database>, name: string): Promise<void> {
	if (name === DEFAULT_SCREEN) return;
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('screens').where('name', '=', name).execute();
		await notifyConfigChanged(trx);
	});
}
