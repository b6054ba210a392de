/** Every page knows its language, and who is signed in (for the bar with "signed in as" and sign-out). */
export const load = ({ locals }) => ({
	locale: locals.locale,
	principal: locals.principal
		? { name: locals.principal.name, role: locals.principal.role, kind: locals.principal.kind }
		: null
});
