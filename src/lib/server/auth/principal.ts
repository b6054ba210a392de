/** People and screens, by increasing power: each role can do everything the ones before it can. */
export const PERSON_ROLES = ['viewer', 'supervisor', 'manager', 'admin'] as const;
/** Every role a token can carry; `ingest` may only post events. */
export const TOKEN_ROLES = [...PERSON_ROLES, 'ingest'] as const;

export type PersonRole = (typeof PERSON_ROLES)[number];
export type Role = (typeof TOKEN_ROLES)[number];

/** Who is calling: a person signed in with a password, or a token (kiosk, connector, script). */
export interface Principal {
	kind: 'user' | 'token';
	name: string;
	role: Role;
	/** A kiosk token kept to one screen (and the screens that screen rotates through). */
	screen?: string | null;
}

export function isPersonRole(role: string): role is PersonRole {
	return (PERSON_ROLES as readonly string[]).includes(role);
}

/** Whether `principal` may act with the powers of `required`. */
export function hasRole(principal: Principal | null, required: Role): boolean {
	if (!principal) return false;
	if (required === 'ingest') return principal.role === 'ingest' || principal.role === 'admin';
	if (principal.role === 'ingest') return false;
	return PERSON_ROLES.indexOf(principal.role) >= PERSON_ROLES.indexOf(required);
}
