import { z } from 'zod';
import { LIMITS } from '../shared/config.js';
import { ROLES } from '../shared/roles.js';

const email = z.email('Enter a valid email address.').max(254);
/** The group an admin assigns (setRole): at most 64 characters, stricter than other ids. */
const groupId = z
	.string()
	.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use letters, digits, "-" or "_" (at most 64).');

export const setRoleSchema = z.strictObject({
	email,
	role: z.enum(ROLES, 'Choose one of: customer, operator, group owner, admin.'),
	groupId: groupId.nullish()
});

export const createGroupSchema = z.strictObject({
	name: z
		.string()
		.trim()
		.min(1, 'Give the group a name.')
		.max(LIMITS.groupNameMax, `Group names have at most ${LIMITS.groupNameMax} characters.`),
	ownerEmail: email
});

export const listUsersSchema = z.strictObject({
	pageToken: z.string().max(2000).nullish()
});

export const emptySchema = z.strictObject({});
