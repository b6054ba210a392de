/** The audit trail's words, shared by the server that writes it and the page that shows it. */

/**
 * Everything the audit trail records, by area (docs/security.md lists them for the auditor). A new kind of
 * action is added here, so that the admin page's filter and the documentation know it.
 */
export const AUDIT_ACTIONS = [
	'sign-in',
	'sign-out',
	'token.use',
	'token.create',
	'token.revoke',
	'user.create',
	'user.disable',
	'user.enable',
	'user.role',
	'user.passwd',
	'user.sign-out',
	'screen.save',
	'screen.delete',
	'threshold.save',
	'ticker.add',
	'ticker.delete',
	'queue.settings',
	'retention.purge',
	'export',
	'audit.read'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['ok', 'refused', 'locked'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
