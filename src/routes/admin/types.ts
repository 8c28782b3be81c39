import type { CallableResponse } from '$shared/callables';

/** One account as the admin callables list it (roles as the rules see them). */
export type AdminUser = CallableResponse<'adminListUsers'>['users'][number];
export type AdminGroup = CallableResponse<'adminListGroups'>['groups'][number];
