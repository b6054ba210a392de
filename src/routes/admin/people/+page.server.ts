import { fail } from '@sveltejs/kit';
import { currentApp } from '$lib/server/app.ts';
import { requireAdmin } from '$lib/server/auth/admin-guard.ts';
import { isPersonRole, PERSON_ROLES } from '$lib/server/auth/principal.ts';
import {
	addUser,
	listUsers,
	setPassword,
	setUserDisabled,
	setUserRole,
	signOutEverywhere,
	UserError
} from '$lib/server/auth/users.ts';

export const load = async ({ locals }) => {
	requireAdmin(locals.principal, 'people');
	const people = await listUsers(currentApp().database.db);
	return { people, roles: PERSON_ROLES, me: locals.principal.kind === 'user' ? locals.principal.name : null };
};

/** Each action: the form's `name`, the change, its audit line, and the people's open screens checked now. */
async function act(
	locals: App.Locals,
	request: Request,
	work: (form: FormData, name: string) => Promise<Parameters<App.Locals['audit']>[0]>,
	guardSelf = false
) {
	requireAdmin(locals.principal, 'people');
	const form = await request.formData();
	const name = String(form.get('name') ?? '').trim();
	// An administrator cannot lock themselves out: another one changes their role or disables them.
	if (guardSelf && locals.principal?.kind === 'user' && locals.principal.name === name) {
		return fail(400, { error: 'yourself' as const, name });
	}
	try {
		const entry = await work(form, name);
		await locals.audit(entry);
		void currentApp().access.recheckNow();
		return { done: name };
	} catch (error) {
		if (error instanceof UserError) return fail(400, { error: error.code, name });
		throw error;
	}
}

export const actions = {
	add: ({ locals, request }) =>
		act(locals, request, async (form, name) => {
			const role = String(form.get('role') ?? '');
			if (!isPersonRole(role)) throw new UserError('userName', 'unknown role');
			await addUser(currentApp().database.db, name, role, String(form.get('password') ?? ''));
			return { action: 'user.create', target: name, detail: { role } };
		}),
	role: ({ locals, request }) =>
		act(
			locals,
			request,
			async (form, name) => {
				const role = String(form.get('role') ?? '');
				if (!isPersonRole(role)) throw new UserError('userName', 'unknown role');
				await setUserRole(currentApp().database.db, name, role);
				return { action: 'user.role', target: name, detail: { role } };
			},
			true
		),
	disable: ({ locals, request }) =>
		act(
			locals,
			request,
			async (_form, name) => {
				await setUserDisabled(currentApp().database.db, name, true);
				return { action: 'user.disable', target: name };
			},
			true
		),
	enable: ({ locals, request }) =>
		act(locals, request, async (_form, name) => {
			await setUserDisabled(currentApp().database.db, name, false);
			return { action: 'user.enable', target: name };
		}),
	passwd: ({ locals, request }) =>
		act(locals, request, async (form, name) => {
			await setPassword(currentApp().database.db, name, String(form.get('password') ?? ''));
			return { action: 'user.passwd', target: name };
		}),
	signout: ({ locals, request }) =>
		act(
			locals,
			request,
			async (_form, name) => {
				const sessions = await signOutEverywhere(currentApp().database.db, name);
				return { action: 'user.sign-out', target: name, detail: { sessions } };
			},
			true
		)
};
