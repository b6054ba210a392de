import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Principal } from './principal.ts';

/**
 * Whether `principal` may show `screen`: anyone with the viewer role, unless a kiosk token is kept to one screen;
 * then that screen and the screens it rotates through.
 */
export async function mayShowScreen(db: Kysely<Database>, principal: Principal, screen: string): Promise<boolean> {
	if (!principal.screen || principal.screen === screen) return true;
	const own = await db.selectFrom('screens').select('rotation').where('name', '=', principal.screen).executeTakeFirst();
	return own?.rotation.includes(screen) ?? false;
}
