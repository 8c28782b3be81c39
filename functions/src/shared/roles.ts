/**
 * Roles live in Firebase Auth custom claims, set only by server code. A user with no role
 * claim is a customer. `groupId` is set for group owners (the group they own) and for
 * operators listed under a group.
 */
export const ROLES = ['customer', 'operator', 'groupOwner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleClaims {
	role?: Exclude<Role, 'customer'>;
	groupId?: string;
}

export function roleOf(claims: Record<string, unknown> | undefined | null): Role {
	const role = claims?.role;
	return role === 'operator' || role === 'groupOwner' || role === 'admin' ? role : 'customer';
}

export const ROLE_LABELS: Record<Role, string> = {
	customer: 'Customer',
	operator: 'Operator',
	groupOwner: 'Group owner',
	admin: 'Admin'
};
