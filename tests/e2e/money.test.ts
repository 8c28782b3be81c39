/**
 * Chat locks in real Chromium: the operator locks the chat with a price, the customer sees the
 * offer card with their balance and pays; the balance drops and the chat resumes with a receipt
 * line. Also the top-up path when funds are short, and a declined offer.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readDoc } from '../emulator';
import { setOnline, useDemoBrowser, waitConnected, type DemoOperator } from './presence-kit';

const demo = useDemoBrowser();

/** Luna accepts a chat from `customerEmail`; returns both chat windows. */
async function openChat(customerEmail: string, customerName: string) {
	const luna = demo.ops.luna as DemoOperator;
	const panel = await demo.signedIn('luna@parley.test', '/panel');
	await waitConnected(panel);
	await setOnline(panel, [luna]);
	const customer = await demo.signedIn(customerEmail, `/operators/${luna.id}`);
	await customer.getByRole('link', { name: 'Chat now' }).click();
	const [operator] = await Promise.all([
		panel.context().waitForEvent('page'),
		panel.getByRole('button', { name: `Accept chat request from ${customerName}` }).click()
	]);
	await customer.waitForURL('**/chat/*');
	await operator.waitForURL('**/chat/*');
	const sessionId = new URL(customer.url()).pathname.split('/').pop()!;
	return { customer, operator, sessionId };
}

async function lockChat(operator: Page, price: string, description: string) {
	await operator.getByRole('button', { name: 'Lock chat' }).click();
	await operator.getByLabel('Price').fill(price);
	await operator.getByLabel('What you will do once unlocked').fill(description);
	await operator.locator('form.lock-form').getByRole('button', { name: 'Lock chat' }).click();
	await operator.locator('[data-lock-status="pending"]').waitFor();
}

function composer(page: Page) {
	return page.getByRole('textbox', { name: /^Message to / });
}

describe('chat locks', () => {
	it('the operator locks, the customer pays, the balance drops and the chat resumes with a receipt', async () => {
		const { customer, operator, sessionId } = await openChat('alice@parley.test', 'Alice Moreau');
		await lockChat(operator, '12.50', 'A three-card reading about your career');

		const card = customer.locator('[data-lock-status="pending"]');
		await card.waitFor();
		expect(await card.getByTestId('lock-price').innerText()).toBe('$12.50');
		expect(await card.innerText()).toContain('A three-card reading about your career');
		await expect.poll(() => card.getByTestId('lock-balance').innerText()).toBe('$50.00');
		// Paused for both sides while the offer waits.
		expect(await composer(customer).count()).toBe(0);
		expect(await composer(operator).count()).toBe(0);

		await card.getByRole('button', { name: 'Agree & pay $12.50' }).click();
		const receipt = 'Alice Moreau paid $12.50 for: A three-card reading about your career';
		await customer.getByText(receipt).waitFor({ timeout: 10_000 });
		await operator.getByText(receipt).waitFor({ timeout: 10_000 });
		await composer(customer).waitFor();
		await composer(customer).fill('Thank you!');
		await composer(customer).press('Enter');
		await operator.locator('.message', { hasText: 'Thank you!' }).waitFor();

		const alice = (await readDoc(`sessions/${sessionId}`))!.customerUid as string;
		expect((await readDoc(`wallets/${alice}`))!.balance).toBe(3750);
		await customer.goto('/wallet');
		await customer.getByTestId('wallet-balance').getByText('$37.50').waitFor();
		await customer.getByRole('cell', { name: '−$12.50' }).waitFor();
	});

	it('after a payment: the group owner sees the earnings, and the ledger reconciles', async () => {
		const { customer, operator } = await openChat('alice@parley.test', 'Alice Moreau');
		await lockChat(operator, '12.50', 'A reading');
		await customer.getByRole('button', { name: 'Agree & pay $12.50' }).click();
		await customer
			.getByText('Alice Moreau paid $12.50 for: A reading')
			.waitFor({ timeout: 10_000 });

		// 30% commission by default: the group earns $8.75 of $12.50, credited to Luna's row.
		const owner = await demo.signedIn('owner@parley.test', '/earnings');
		await owner.getByTestId('earnings-total').getByText('$8.75').waitFor({ timeout: 10_000 });
		expect(await owner.locator(`tr[data-operator="${demo.ops.luna!.id}"]`).innerText()).toContain(
			'$8.75'
		);

		const admin = await demo.signedIn('admin@parley.test', '/admin#money');
		await admin.getByRole('button', { name: 'Run reconciliation' }).click();
		await admin
			.locator('[data-clean="true"]')
			.getByText(/^All clear/)
			.waitFor({ timeout: 20_000 });
	});

	it('short of funds: top up from the offer and come back to pay', async () => {
		const { customer, operator, sessionId } = await openChat('bob@parley.test', 'Bob Okafor');
		await lockChat(operator, '30', 'An astrology chart reading');

		const card = customer.locator('[data-lock-status="pending"]');
		await card.getByRole('button', { name: 'Agree & pay $30.00' }).click();
		await card
			.getByText('Your balance is $20.00; this costs $30.00. Top up to continue.')
			.waitFor();
		await operator.getByText(/Bob is topping up to pay/).waitFor({ timeout: 10_000 });

		await card.getByRole('link', { name: 'Top up' }).click();
		await customer.waitForURL('**/wallet?*');
		await customer.getByText('Demo only').waitFor();
		await customer.getByRole('button', { name: 'Add $10.00' }).click();
		await customer.getByTestId('wallet-balance').getByText('$30.00').waitFor({ timeout: 10_000 });
		await customer.getByRole('link', { name: 'Back to your chat' }).click();
		await customer.waitForURL(`**/chat/${sessionId}`);

		await customer.getByRole('button', { name: 'Agree & pay $30.00' }).click();
		await customer
			.getByText('Bob Okafor paid $30.00 for: An astrology chart reading')
			.waitFor({ timeout: 10_000 });
		const bob = (await readDoc(`sessions/${sessionId}`))!.customerUid as string;
		expect((await readDoc(`wallets/${bob}`))!.balance).toBe(0);
	});

	it('a declined offer: the operator is told and chooses to go on; nothing is charged', async () => {
		const { customer, operator, sessionId } = await openChat('alice@parley.test', 'Alice Moreau');
		await lockChat(operator, '5', 'A short numerology reading');
		await customer
			.locator('[data-lock-status="pending"]')
			.getByRole('button', { name: 'Decline' })
			.click();

		await operator
			.getByText('Alice Moreau declined your offer.', { exact: false })
			.waitFor({ timeout: 10_000 });
		await operator.getByRole('button', { name: 'Continue chat' }).click();
		await composer(operator).fill('No problem, ask me anything.');
		await composer(operator).press('Enter');
		await customer.locator('.message', { hasText: 'No problem, ask me anything.' }).waitFor();
		const alice = (await readDoc(`sessions/${sessionId}`))!.customerUid as string;
		expect((await readDoc(`wallets/${alice}`))!.balance).toBe(5000);
	});
});
