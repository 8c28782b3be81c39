import { describe, expect, it } from 'vitest';
import { ROLES, ROLE_LABELS, roleOf } from './roles.js';

describe('roleOf', () => {
	it.each([
		[{ role: 'operator' }, 'operator'],
		[{ role: 'groupOwner', groupId: 'starlight' }, 'groupOwner'],
		[{ role: 'admin' }, 'admin'],
		[{}, 'customer'],
		[null, 'customer'],
		[undefined, 'customer'],
		[{ role: 'customer' }, 'customer'],
		// Anything the server did not write exactly is no role at all.
		[{ role: 'Admin' }, 'customer'],
		[{ role: 'superuser' }, 'customer'],
		[{ role: ['admin'] }, 'customer'],
		[{ role: { admin: true } }, 'customer'],
		[{ role: true }, 'customer'],
		[{ admin: true }, 'customer'],
		[{ groupId: 'starlight' }, 'customer']
	])('reads %j as %s', (claims, role) => {
		expect(roleOf(claims as Record<string, unknown> | null | undefined)).toBe(role);
	});

	it('knows every role and labels each one', () => {
		for (const role of ROLES) {
			if (role !== 'customer') expect(roleOf({ role })).toBe(role);
			expect(ROLE_LABELS[role]).toMatch(/^[A-Z]/);
		}
	});
});
