/**
 * Wiring only: global options and the deployed functions. Logic lives in the modules.
 */
import { setGlobalOptions } from 'firebase-functions';
import { REGION } from './config.js';

setGlobalOptions({ region: REGION, maxInstances: 10 });

export { adminSetRole } from './admin/admin-set-role.js';
export { adminCreateGroup } from './admin/admin-create-group.js';
export { adminListUsers } from './admin/admin-list-users.js';
export { adminListGroups } from './admin/admin-list-groups.js';
