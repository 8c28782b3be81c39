/**
 * Wiring only: global options and the deployed functions. Logic lives in the modules.
 */
// First: the global options must be set before any function below is defined.
import './global-options.js';

export { adminSetRole } from './admin/admin-set-role.js';
export { adminCreateGroup } from './admin/admin-create-group.js';
export { adminListUsers } from './admin/admin-list-users.js';
export { adminListGroups } from './admin/admin-list-groups.js';

export { presenceOpenPanel } from './presence/presence-open-panel.js';
export { presenceSetStatus } from './presence/presence-set-status.js';
export { presenceClosePanel } from './presence/presence-close-panel.js';
export { presenceBeacon } from './presence/presence-beacon.js';
export { presenceSweep } from './presence/presence-sweep.js';
export { presenceSweepLocal } from './presence/presence-sweep-local.js';

export { chatRequest } from './chat/chat-request.js';
export { chatCancel } from './chat/chat-cancel.js';
export { chatAnswer } from './chat/chat-answer.js';
export { chatExpire } from './chat/chat-expire.js';
export { chatEnd } from './chat/chat-end.js';
export { chatBeacon } from './chat/chat-beacon.js';
export { chatPeerLost } from './chat/chat-peer-lost.js';
export { chatRate } from './chat/chat-rate.js';

export { lockCreate } from './money/lock-create.js';
export { lockWithdraw } from './money/lock-withdraw.js';
export { lockAgree } from './money/lock-agree.js';
export { lockDecline } from './money/lock-decline.js';
export { walletDemoTopUp } from './money/wallet-demo-top-up.js';
export { walletCheckout } from './money/wallet-checkout.js';
export { stripeWebhook } from './money/stripe-webhook.js';
export { adminUpdateSettings } from './admin/admin-update-settings.js';
export { adminRefundLock } from './admin/admin-refund-lock.js';
export { adminReconcile } from './admin/admin-reconcile.js';

export { helpFeedback } from './help/help-feedback.js';

export { camJoin } from './cam/cam-join.js';
export { camSessionChanged } from './cam/cam-session-changed.js';
