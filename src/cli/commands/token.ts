import { InvalidArgumentError, type Command } from 'commander';
import { TOKEN_ROLES, type Role } from '../../lib/server/auth/principal.ts';
import { createToken, isTokenRole } from '../../lib/server/auth/tokens.ts';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { withDatabase } from '../context.ts';

export function registerToken(program: Command): void {
	program
		.command('token')
		.description('manage API and kiosk tokens')
		.command('create')
		.description('create a token and print it, once, on standard output')
		.requiredOption('--role <role>', `one of ${TOKEN_ROLES.join(', ')}`, (value: string): Role => {
			if (!isTokenRole(value)) throw new InvalidArgumentError(`must be one of ${TOKEN_ROLES.join(', ')}`);
			return value;
		})
		.requiredOption('--name <name>', 'who or what uses it (e.g. "wall-floor-2", "uccx-connector")')
		.action((options: { role: Role; name: string }) =>
			withDatabase(async (database, _config, log) => {
				const name = options.name.trim() || options.role;
				const created = await createToken(database.db, name, options.role);
				await audit({ database, log }, cliActor(), {
					action: 'token.create',
					target: name,
					detail: { role: options.role }
				});
				process.stdout.write(`${created}\n`);
				console.error(`token "${options.name}" created with role ${options.role}; it is not shown again`);
			})
		);
}
