import type { Locale } from '$lib/i18n/i18n.ts';
import type { Principal } from '$lib/server/auth/principal.ts';

declare global {
	namespace App {
		interface Locals {
			principal: Principal | null;
			locale: Locale;
		}
	}
}

export {};
