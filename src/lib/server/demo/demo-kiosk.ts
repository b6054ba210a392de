import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createToken, deleteTokensNamed } from '../auth/tokens.ts';
import { DEFAULT_SCREEN } from '../wall-config/screens.ts';

const DEMO_KIOSK_TOKEN_NAME = 'demo-kiosk';

/**
 * In demo mode the wallboard must be one click away: a viewer token, renewed at each start (only its hash is
 * stored, so it cannot be shown again later), printed as a ready-to-open address.
 */
export async function announceDemoKiosk(db: Kysely<Database>, baseUrl: string): Promise<void> {
	await deleteTokensNamed(db, DEMO_KIOSK_TOKEN_NAME);
	const token = await createToken(db, DEMO_KIOSK_TOKEN_NAME, 'viewer');
	console.log(
		`\n  Vigie is running (demo traffic on). Open the wallboard:\n\n    ${baseUrl}/wall/${DEFAULT_SCREEN}?token=${token}\n`
	);
}
