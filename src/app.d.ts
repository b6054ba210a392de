import type { ReplayProblem } from '$lib/domain/replay.ts';
import type { Locale } from '$lib/i18n/i18n.ts';
import type { AuditEntry } from '$lib/server/audit/audit.ts';
import type { Principal } from '$lib/server/auth/principal.ts';
import type { RequestProblem } from '$lib/server/reports/export-request.ts';
import type { ReportFilterValues, ReportForm } from '$lib/server/reports/report-request.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A report's filters that could not be read (its 400 page): what is wrong, and the form to correct it. */
			problems?: RequestProblem[];
			filters?: ReportFilterValues;
			form?: ReportForm;
			/** A wall's replay parameters that cannot be played (its 400 page): why, and the value given. */
			replay?: { problem: ReplayProblem; value: string };
		}
		interface Locals {
			principal: Principal | null;
			locale: Locale;
			/** Records an action of this request's caller (who, from where) in the audit trail. */
			audit(entry: AuditEntry): Promise<void>;
		}
	}
}

export {};
