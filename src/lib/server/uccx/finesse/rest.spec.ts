import { describe, expect, it } from 'vitest';
import { connectionError, FinesseError, isTlsFailure } from './rest.ts';

function fetchFailure(code: string, message: string): Error {
	const cause = Object.assign(new Error(message), { code });
	return new TypeError('fetch failed', { cause });
}

describe('connectionError', () => {
	it('says unreachable with the system error', () => {
		const error = connectionError(
			fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:8445'),
			'Finesse',
			'https://uccx-pub:8445',
			10_000
		);
		expect(error).toBeInstanceOf(FinesseError);
		expect(error.problem).toBe('unreachable');
		expect(error.nodeProblem).toBe(true);
		expect(error.message).toBe('Finesse unreachable at https://uccx-pub:8445: connect ECONNREFUSED 10.0.0.1:8445');
		expect(
			connectionError(
				fetchFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND uccx-pub'),
				'Finesse',
				'https://uccx-pub:8445',
				10_000
			).message
		).toBe('Finesse unreachable at https://uccx-pub:8445: getaddrinfo ENOTFOUND uccx-pub');
	});

	it('says when nothing answered in time', () => {
		const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
		expect(connectionError(timeout, 'Finesse', 'https://uccx-pub:8445', 10_000).message).toBe(
			'Finesse unreachable at https://uccx-pub:8445: no answer within 10 s'
		);
	});

	it('says TLS refused, with the way to trust the site CA', () => {
		const error = connectionError(
			fetchFailure('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
			'Finesse',
			'https://uccx-pub:8445',
			10_000
		);
		expect(error.problem).toBe('tls');
		expect(error.message).toMatch(
			/^TLS refused with Finesse at https:\/\/uccx-pub:8445: self-signed certificate in certificate chain; .*NODE_EXTRA_CA_CERTS/
		);
		expect(
			isTlsFailure(fetchFailure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"))
		).toBe(true);
		expect(isTlsFailure(fetchFailure('ECONNRESET', 'socket hang up'))).toBe(false);
	});
});

describe('FinesseError', () => {
	it('sends only node problems to the other node', () => {
		expect(new FinesseError('account', 'x').nodeProblem).toBe(false);
		expect(new FinesseError('team', 'x').nodeProblem).toBe(false);
		expect(new FinesseError('subscription', 'x').nodeProblem).toBe(false);
		expect(new FinesseError('xmpp-login', 'x').nodeProblem).toBe(false);
		expect(new FinesseError('connection-lost', 'x').nodeProblem).toBe(true);
		expect(new FinesseError('out-of-service', 'x').nodeProblem).toBe(true);
	});
});
