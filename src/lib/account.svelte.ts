/**
 * The signed-in person, app-wide: a $state class behind a typed context pair (never a module
 * singleton). Roles come from the ID token's custom claims, which the rules also trust; the
 * `users/{uid}` mirror is watched so a role granted by an admin takes effect without signing out.
 */
import { getContext, setContext } from 'svelte';
import {
	createUserWithEmailAndPassword,
	onIdTokenChanged,
	signInWithEmailAndPassword,
	signOut,
	updateProfile,
	type User as AuthUser
} from 'firebase/auth';
import { onSnapshot } from 'firebase/firestore';
import { roleOf, type Role } from '$shared/roles';
import { firebase } from '$lib/firebase/app';
import { createUserDoc, userRef, type User } from '$lib/data/users';

export class Account {
	/** False until Firebase has told us whether someone is signed in. */
	ready = $state(false);
	authUser = $state<AuthUser | null>(null);
	role = $state<Role>('customer');
	groupId = $state<string | null>(null);
	profile = $state<User | null>(null);

	uid = $derived(this.authUser?.uid ?? null);
	signedIn = $derived(this.authUser !== null);
	displayName = $derived(
		this.profile?.displayName || this.authUser?.displayName || this.authUser?.email || ''
	);

	/** Starts listening; returns the stop function. Call from an $effect in the root layout. */
	start(): () => void {
		const { auth } = firebase();
		let stopProfile: (() => void) | undefined;
		const stopAuth = onIdTokenChanged(auth, async (user) => {
			if (user?.uid !== this.authUser?.uid) {
				stopProfile?.();
				stopProfile = undefined;
				this.profile = null;
				if (user) stopProfile = this.watchProfile(user);
			}
			this.authUser = user;
			if (user) {
				const token = await user.getIdTokenResult();
				this.role = roleOf(token.claims);
				this.groupId = typeof token.claims.groupId === 'string' ? token.claims.groupId : null;
			} else {
				this.role = 'customer';
				this.groupId = null;
			}
			this.ready = true;
		});
		return () => {
			stopAuth();
			stopProfile?.();
		};
	}

	private watchProfile(user: AuthUser) {
		return onSnapshot(
			userRef(user.uid),
			(snap) => {
				const profile = snap.data() ?? null;
				this.profile = profile;
				// The server changed the role: fetch a fresh token so the claims (and rules) follow.
				// A role change also revokes the account's refresh tokens (applyRole), so in
				// production this renewal is refused: the SDK then signs the person out, and they
				// sign in again with the new role. Nothing else to do with that refusal here.
				if (profile && (profile.role !== this.role || (profile.groupId ?? null) !== this.groupId)) {
					user.getIdToken(true).catch(() => undefined);
				}
			},
			() => {
				this.profile = null;
			}
		);
	}

	async signIn(email: string, password: string) {
		await signInWithEmailAndPassword(firebase().auth, email.trim(), password);
	}

	async signUp(email: string, password: string, displayName: string) {
		const { user } = await createUserWithEmailAndPassword(firebase().auth, email.trim(), password);
		await updateProfile(user, { displayName });
		await createUserDoc(user.uid, user.email ?? email.trim(), displayName);
	}

	async signOut() {
		await signOut(firebase().auth);
	}
}

const KEY = Symbol('account');

export function setAccount(account: Account): Account {
	return setContext(KEY, account);
}

export function getAccount(): Account {
	const account = getContext<Account | undefined>(KEY);
	if (!account) throw new Error('getAccount() called outside the root layout.');
	return account;
}
