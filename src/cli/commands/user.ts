import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { isPersonRole, PERSON_ROLES, type PersonRole } from '../../lib/server/auth/principal.ts';
import { addUser } from '../../lib/server/auth/users.ts';
import { audit, cliActor } from '../../lib/server/audit/audit.ts';
import { withDatabase } from '../context.ts';

/** The password: typed twice, unseen, on a terminal; the first line of standard input otherwise (scripts). */
async function readPassword(): Promise<string> {
	if (!process.stdin.isTTY) {
		let text = '';
		for await (const chunk of process.stdin) text += chunk;
		return text.split(/\r?\n/)[0] ?? '';
	}
	let muted = false;
	const output = new Writable({
		write(chunk, _encoding, done) {
			if (!muted) process.stderr.write(chunk);
			done();
		}
	});
	const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
	try {
		const ask = async (prompt: string) => {
			process.stderr.write(prompt);
			muted = true;
			const answer = await rl.question('');
			muted = false;
			process.stderr.write('\n');
			return answer;
		};
		const first = await ask('password: ');
		if ((await ask('again: ')) !== first) throw new Error('the two passwords differ');
		return first;
	} finally {
		rl.close();
	}
}

export function registerUser(program: Command): void {
	program
		.command('user')
		.description('people who sign in with a password')
		.command('add')
		.description('create a person; the password is read from standard input')
		.argument('<name>', 'the user name they sign in with')
		.requiredOption('--role <role>', PERSON_ROLES.join(', '), (value: string): PersonRole => {
			if (!isPersonRole(value)) throw new InvalidArgumentError(`must be one of ${PERSON_ROLES.join(', ')}`);
			return value;
		})
		.action(async (name: string, options: { role: PersonRole }) => {
			const password = await readPassword();
			await withDatabase(async (database, _config, log) => {
				await addUser(database.db, name, options.role, password);
				await audit({ database, log }, cliActor(), {
					action: 'user.create',
					target: name,
					detail: { role: options.role }
				});
			});
			console.error(`user "${name}" created with role ${options.role}`);
		});
}
