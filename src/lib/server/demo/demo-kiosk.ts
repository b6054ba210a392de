import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createToken, deleteTokensNamed, principalForToken } from '../auth/tokens.ts';
import { DEFAULT_SCREEN } from '../wall-config/screens.ts';

const DEMO_KIOSK_TOKEN_NAME = 'demo-kiosk';
/** Beside the embedded database, readable by the service account only. */
const TOKEN_FILE = 'demo-kiosk-token';

/**
 * In demo mode the wallboard must be one click away: a viewer token printed as a ready-to-open address. It is kept
 * (owner-only) in the data directory and printed again at each start, rather than a new token each time: screens
 * opened once stay signed in, and no pile of live tokens grows (issue #10, item 12).
 */
export async function announceDemoKiosk(db: Kysely<Database>, baseUrl: string, dataDir: string): Promise<void> {
	const file = path.join(dataDir, TOKEN_FILE);
	let token = await fs.readFile(file, 'utf8').then(
		(text) => text.trim(),
		() => null
	);
	if (!token || !(await principalForToken(db, token))) {
		await deleteTokensNamed(db, DEMO_KIOSK_TOKEN_NAME);
		token = await createToken(db, DEMO_KIOSK_TOKEN_NAME, 'viewer');
		await fs.mkdir(dataDir, { recursive: true });
		await fs.writeFile(file, `${token}\n`, { mode: 0o600 });
	}
	console.log(`\n  Vigie is running. Open the wallboard:\n\n    ${baseUrl}/wall/${DEFAULT_SCREEN}?token=${token}\n`);
}
