import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { isPersonRole, PERSON_ROLES, type PersonRole } from '../../lib/server/auth/principal.ts';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { AuditAction } from '../../lib/server/audit/audit.ts';
import type { Database } from '../../lib/server/db/schema.ts';
import {
	addUser,
	listUsers,
	setPassword,
	setUserDisabled,
	setUserRole,
	signOutEverywhere
} from '../../lib/server/auth/users.ts';
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

const roleOption = (value: string): PersonRole => {
	if (!isPersonRole(value)) throw new InvalidArgumentError(`must be one of ${PERSON_ROLES.join(', ')}`);
	return value;
};

export function registerUser(program: Command): void {
	const user = program.command('user').description('people who sign in with a password');
	user
		.command('add')
		.description('create a person; the password is read from standard input')
		.argument('<name>', 'the user name they sign in with')
		.requiredOption('--role <role>', PERSON_ROLES.join(', '), roleOption)
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
	user
		.command('list')
		.description('every person: name, role, state, open sessions, last password change')
		.action(() =>
			withDatabase(async ({ db }, config) => {
				const people = await listUsers(db);
				if (people.length === 0)
					console.error('no users: create the first administrator with vigie user add NAME --role admin');
				const local = (at: Date | null) =>
					at ? DateTime.fromJSDate(at, { zone: config.timezone }).toFormat('yyyy-MM-dd HH:mm') : '-';
				for (const p of people) {
					console.log(
						[
							p.name,
							p.role,
							p.disabled ? 'disabled' : 'active',
							`${p.sessions} session(s)`,
							`created ${local(p.createdAt)}`,
							`password changed ${local(p.passwordChangedAt)}`
						].join('\t')
					);
				}
			})
		);
	const change = (
		verb: string,
		description: string,
		work: (db: Kysely<Database>, name: string) => Promise<void>,
		action: AuditAction,
		done: string
	) =>
		user
			.command(verb)
			.description(description)
			.argument('<name>')
			.action((name: string) =>
				withDatabase(async (database, _config, log) => {
					await work(database.db, name);
					await audit({ database, log }, cliActor(), { action, target: name });
					console.error(`user "${name}" ${done}`);
				})
			);
	change(
		'disable',
		'refuse their sign-ins and end their sessions (open screens close within seconds)',
		(db, name) => setUserDisabled(db, name, true),
		'user.disable',
		'disabled; their sessions are closed'
	);
	change(
		'enable',
		'let a disabled person sign in again',
		(db, name) => setUserDisabled(db, name, false),
		'user.enable',
		'enabled'
	);
	change(
		'sign-out',
		'end every session of a person, now',
		async (db, name) => void (await signOutEverywhere(db, name)),
		'user.sign-out',
		'signed out everywhere'
	);
	user
		.command('passwd')
		.description('set a new password (from standard input, or typed twice); their sessions end')
		.argument('<name>')
		.action(async (name: string) => {
			const password = await readPassword();
			await withDatabase(async (database, _config, log) => {
				await setPassword(database.db, name, password);
				await audit({ database, log }, cliActor(), { action: 'user.passwd', target: name });
			});
			console.error(`password of "${name}" changed; their sessions are closed`);
		});
	user
		.command('role')
		.description('give a person another role')
		.argument('<name>')
		.argument('<role>', PERSON_ROLES.join(', '), roleOption)
		.action((name: string, role: PersonRole) =>
			withDatabase(async (database, _config, log) => {
				await setUserRole(database.db, name, role);
				await audit({ database, log }, cliActor(), { action: 'user.role', target: name, detail: { role } });
				console.error(`user "${name}" now has the role ${role}`);
			})
		);
}
