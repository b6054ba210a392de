import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { TOKEN_ROLES, type Role } from '../../lib/server/auth/principal.ts';
import { createToken, isTokenRole, listTokens, revokeTokensNamed } from '../../lib/server/auth/tokens.ts';
import { withDatabase } from '../context.ts';

/** `--expires 90` (days from now) or `--expires 2027-06-30` (the end of that local day). */
function parseExpiry(value: string): string {
	if (/^\d{1,5}$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
	throw new InvalidArgumentError('a number of days (90) or a last day (2027-06-30)');
}

function expiryDate(value: string | undefined, zone: string): Date | null {
	if (value === undefined) return null;
	if (/^\d+$/.test(value)) return new Date(Date.now() + Number(value) * 86_400_000);
	const day = DateTime.fromISO(value, { zone });
	if (!day.isValid) throw new InvalidArgumentError(`--expires ${value} is not a day`);
	return day.endOf('day').toJSDate();
}

const local = (at: Date | null, zone: string) =>
	at ? DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm') : '-';

export function registerToken(program: Command): void {
	const token = program.command('token').description('manage API and kiosk tokens');
	token
		.command('create')
		.description('create a token and print it, once, on standard output')
		.requiredOption('--role <role>', `one of ${TOKEN_ROLES.join(', ')}`, (value: string): Role => {
			if (!isTokenRole(value)) throw new InvalidArgumentError(`must be one of ${TOKEN_ROLES.join(', ')}`);
			return value;
		})
		.requiredOption('--name <name>', 'who or what uses it (e.g. "wall-floor-2", "uccx-connector")')
		.option('--screen <screen>', 'keep a kiosk token to this screen (and the screens it rotates through)')
		.option('--expires <days|day>', 'stop working after this many days, or after this local day', parseExpiry)
		.action((options: { role: Role; name: string; screen?: string; expires?: string }) =>
			withDatabase(async (database, config, log) => {
				const name = options.name.trim() || options.role;
				const actor = cliActor();
				const created = await createToken(database.db, {
					name,
					role: options.role,
					screen: options.screen ?? null,
					expiresAt: expiryDate(options.expires, config.timezone),
					createdBy: actor.name
				});
				await audit({ database, log }, actor, {
					action: 'token.create',
					target: name,
					detail: { role: options.role, screen: options.screen ?? null, expires: options.expires ?? null }
				});
				process.stdout.write(`${created}\n`);
				console.error(`token "${name}" created with role ${options.role}; it is not shown again`);
			})
		);
	token
		.command('list')
		.description('every token: name, role, screen, state, expiry, last use (never the token itself)')
		.action(() =>
			withDatabase(async ({ db }, config) => {
				const tokens = await listTokens(db);
				if (tokens.length === 0) console.error('no tokens');
				for (const t of tokens) {
					console.log(
						[
							t.name,
							t.role,
							t.screen ?? '-',
							t.state,
							`created ${local(t.createdAt, config.timezone)}${t.createdBy ? ` by ${t.createdBy}` : ''}`,
							`expires ${local(t.expiresAt, config.timezone)}`,
							`last used ${local(t.lastUsedAt, config.timezone)}${t.lastUsedAddress ? ` from ${t.lastUsedAddress}` : ''}`
						].join('\t')
					);
				}
			})
		);
	token
		.command('revoke')
		.description('revoke every live token of that name: refused at once, open screens included')
		.argument('<name>', 'the name given at creation (see vigie token list)')
		.action((name: string) =>
			withDatabase(async (database, _config, log) => {
				const revoked = await revokeTokensNamed(database.db, name);
				if (revoked === 0) throw new Error(`no live token is named "${name}" (see vigie token list)`);
				await audit({ database, log }, cliActor(), {
					action: 'token.revoke',
					target: name,
					detail: { tokens: revoked }
				});
				console.error(`${revoked} token(s) "${name}" revoked; screens using them close within seconds`);
			})
		);
}
