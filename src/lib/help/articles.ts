/**
 * Help center articles as typed data: plain strings only (the pages render them as text, never
 * as HTML). Numbers that the product can change come from the shared config, so the articles
 * never drift from what the app does.
 */
import { DEFAULTS, LIMITS } from '$shared/config';
import { formatMoney } from '$shared/money';

export type Block =
	| { kind: 'paragraph'; text: string }
	| { kind: 'list'; ordered?: boolean; items: string[] }
	/** A highlighted note for something people must not miss. */
	| { kind: 'note'; text: string };

export interface Section {
	heading: string;
	blocks: Block[];
}

export type Audience = 'Customers' | 'Operators' | 'Everyone';

export interface Article {
	slug: string;
	title: string;
	summary: string;
	audience: Audience;
	sections: Section[];
}

const ring = DEFAULTS.ringSeconds;
const misses = DEFAULTS.missLimit;
const lockMin = formatMoney(DEFAULTS.lockMinCents, DEFAULTS.currency);
const lockMax = formatMoney(DEFAULTS.lockMaxCents, DEFAULTS.currency);
const reserveMinutes = Math.round(DEFAULTS.lockReserveSeconds / 60);
const commission = `${DEFAULTS.commissionBps / 100}%`;

const p = (text: string): Block => ({ kind: 'paragraph', text });
const ul = (...items: string[]): Block => ({ kind: 'list', items });
const ol = (...items: string[]): Block => ({ kind: 'list', ordered: true, items });
const note = (text: string): Block => ({ kind: 'note', text });

export const ARTICLES: Article[] = [
	{
		slug: 'getting-started',
		title: 'Getting started as a customer',
		summary: 'Create an account, find someone to talk to, and start your first chat.',
		audience: 'Customers',
		sections: [
			{
				heading: 'Create your account',
				blocks: [
					p(
						'Choose Sign up at the top of any page and enter your name, your email address and a password. Your name is what operators see when you chat with them, so use whatever you are comfortable with.'
					),
					p('You can add a profile picture later in Settings. It is optional.')
				]
			},
			{
				heading: 'Find someone to talk to',
				blocks: [
					p(
						'The directory on the home page lists every operator, with the people who are online right now at the top. Narrow it down by choosing a category, such as Tarot or Astrology, or type a name into the search box.'
					),
					p('Each operator shows their status as a coloured dot and a word:'),
					ul(
						'Online: ready to chat now.',
						'Busy: in another chat at the moment.',
						'Away: stepped away for a short while.',
						'Offline: not available right now.'
					),
					p(
						'Open a profile to read more about the person, their categories and what other customers thought of them.'
					)
				]
			},
			{
				heading: 'Start a chat',
				blocks: [
					p(
						`When an operator is online, the green Chat now button on their profile is active. Click it and the operator's screen starts ringing. They have ${ring} seconds to answer; you will see a countdown and can cancel at any time.`
					),
					p(
						'If the operator cannot take your chat, you will be told straight away and shown other people who are online.'
					)
				]
			},
			{
				heading: 'Chatting is free until you agree on a price',
				blocks: [
					p(
						'Every chat starts free. Say hello, explain what you would like help with, and agree with the operator on what the session will include.'
					),
					p(
						'When it is time for the paid part, the operator locks the chat. You will see a card with the price, a description of what you will get, and your current balance. Choose Agree & pay to continue, or Decline if it is not what you want.'
					),
					note(
						'Nothing is ever taken from your wallet unless you press Agree & pay. An operator may lock the chat more than once in a session, and each lock is your choice again.'
					)
				]
			},
			{
				heading: 'After the chat',
				blocks: [
					p(
						'When the chat ends you can rate it from one to five stars and leave a short comment. Ratings help other customers choose, and help operators improve.'
					),
					p('You can read the full conversation again later, including every payment you made.')
				]
			},
			{
				heading: 'Staying safe',
				blocks: [
					ul(
						'Parley never asks for your password or card number in a chat.',
						'Links in messages are shown as text and never open by themselves.',
						'Operators can share their webcam with you, but your own camera is never switched on.'
					)
				]
			}
		]
	},
	{
		slug: 'chat-messenger',
		title: 'The chat messenger and chat locks',
		summary:
			'For operators and group owners: go online, answer chat requests, lock a chat for payment and use your webcam.',
		audience: 'Operators',
		sections: [
			{
				heading: 'Open your control panel',
				blocks: [
					p(
						'Every operator account comes with a chat messenger. It lives in your control panel, the page where you set your status and answer customers.'
					),
					ul(
						'Operators: sign in and go to /panel.',
						'Group owners: open your group console and click Open chat window in the top navigation. One window opens with every operator in your group, so you can manage all of them, and chat on their behalf, from a single place.'
					)
				]
			},
			{
				heading: 'Go online',
				blocks: [
					p(
						'When the control panel opens, every operator in it is shown as offline, even if they were online earlier. This keeps anyone from looking available by accident.'
					),
					p(
						'To go online, click the green Set online button on the operator’s row. You can also use the Action menu on each row, which has four choices:'
					),
					ul(
						'Set online: customers can start a chat.',
						'Set offline: the Chat now button is switched off.',
						'Set away: for a short break; customers see you will be back soon.',
						'View profile: opens the public profile the way customers see it.'
					),
					p(
						'Group owners also have All online and All offline buttons for the whole group. As soon as an operator is online, the Chat now button on their public profile lights up.'
					)
				]
			},
			{
				heading: 'Keep the panel open',
				blocks: [
					note(
						'Closing the control panel takes every operator it set online back offline. Minimising the window or switching to another tab is fine: you stay online.'
					),
					p(
						'Leaving the page or closing the window counts as closing the panel, and customers see the change within a couple of seconds. If your computer loses its connection or shuts down, Parley notices and sets you offline shortly afterwards, so customers are never left waiting on someone who is gone.'
					),
					p(
						'Reloading the panel, or opening it in a second tab, never switches anyone online by itself. Set yourself online again when you are ready.'
					)
				]
			},
			{
				heading: 'Answer a chat request',
				blocks: [
					p(
						`When a customer clicks Chat now, the request rings on every open panel that manages that operator. The operator’s row moves, an alert sound plays, and the tab title shows how many requests are waiting. If the panel is hidden, you also get a browser notification. The request rings for ${ring} seconds.`
					),
					ul(
						'Click the green Accept button to start the chat.',
						'Click Decline if you cannot take it. The customer is told and shown other people who are online.'
					),
					p(
						'If your browser blocks the sound, the panel shows a button to turn it on. Click it once and the alerts will play.'
					),
					p(
						`If an operator lets ${misses} requests in a row ring out without answering, Parley sets them offline so customers are not kept waiting. For operators in a group, the group owner is told.`
					)
				]
			},
			{
				heading: 'The chat window',
				blocks: [
					p(
						'Accepting a request opens the chat in a new window. If nothing appears, allow pop-ups for Parley in your browser and accept again next time.'
					),
					p(
						'You will see your picture and the customer’s picture (or their initials if they have not added one). Type in the message box and press Enter or the send icon. Press Shift and Enter together for a new line. Use the emoji button to add emoticons; a message made only of emoji is shown large.'
					)
				]
			},
			{
				heading: 'Chats start free: lock when you agree on a price',
				blocks: [
					p(
						'Every chat starts free, so you and the customer can get to know each other and agree on what the session will cover. Some requests take more time than others, so you set the price for each piece of work as you go.'
					),
					p('When you are ready for the paid part:'),
					ol(
						'Click Lock chat.',
						`Enter a price (between ${lockMin} and ${lockMax}) and a short description of what you will give once the chat is unlocked.`,
						'Send the lock. While it is waiting, nobody can type in the chat.',
						'The customer sees the price, your description and their balance, and chooses Agree & pay or Decline.'
					),
					p(
						'If the customer agrees, the payment is taken from their wallet and added to your earnings, a receipt line appears in the conversation, and the chat carries on. If they decline, you are told and can either continue for free or end the chat. You can also withdraw a lock while it is still waiting.'
					),
					p(
						`If the customer needs to top up first, the lock waits for them, and you stay reserved for them for up to ${reserveMinutes} minutes.`
					),
					p(
						'You can lock a chat as many times as you like in one session. For example: a free chat about what is on the customer’s mind, then a lock for a three-card reading, then later another lock for a full spread if they want to go deeper.'
					)
				]
			},
			{
				heading: 'Use your webcam',
				blocks: [
					p(
						'Click the orange camera icon at the upper right of your picture to start your webcam. Your browser will ask to use your camera and microphone: choose Allow.'
					),
					p(
						'Your own video then appears below your picture. That is exactly what the customer sees. Customers watch and listen only; they never send video.'
					),
					p(
						'If the camera does not start, the chat window tells you why: permission was refused, no camera was found, or another app is using it. Fix that and click the camera icon again.'
					)
				]
			},
			{
				heading: 'End the chat',
				blocks: [
					p(
						'To finish, click End or simply close the chat window. The customer is told that you have left, and their message box closes. Reloading the window by mistake is fine: the chat only ends if the window stays closed for more than 30 seconds.'
					),
					p(
						'The customer can leave too, and you will be told. Afterwards, both of you can read the conversation again, including every paid lock.'
					)
				]
			}
		]
	},
	{
		slug: 'wallet-and-payments',
		title: 'Wallet, payments and refunds',
		summary: 'How your balance works, how to add money, what you pay for, and how refunds happen.',
		audience: 'Customers',
		sections: [
			{
				heading: 'Your wallet',
				blocks: [
					p(
						'Your wallet holds the balance you use to pay for readings and sessions. Open Wallet from the top of any page to see your balance and every payment in and out.'
					),
					p(`Amounts are shown in ${DEFAULTS.currency}.`)
				]
			},
			{
				heading: 'Adding money',
				blocks: [
					p(
						'On the Wallet page, choose an amount and top up. You pay through a secure card checkout, and the money appears in your wallet as soon as the payment is confirmed.'
					),
					p('Parley never sees or stores your card number.')
				]
			},
			{
				heading: 'What you pay for',
				blocks: [
					p(
						'Chatting is free. You only pay when an operator locks the chat and you choose Agree & pay. Before you decide, you see the exact price and a description of what you will get.'
					),
					p(
						`If your balance is too low, you can top up straight from the chat and come back to it. The lock waits for you, and the operator stays with you for up to ${reserveMinutes} minutes.`
					),
					note('A lock is paid once, and only once, however many times you click or reload.')
				]
			},
			{
				heading: 'Your history',
				blocks: [
					p('Every change to your balance has its own line in your history:'),
					ul(
						'Top-ups: money you added.',
						'Payments: locks you agreed to pay.',
						'Refunds: money returned to you.'
					),
					p('Your balance is always the sum of these lines, and it can never go below zero.')
				]
			},
			{
				heading: 'Refunds',
				blocks: [
					p(
						'If a paid session was not what you agreed, get in touch with us and tell us which chat it was. When a refund is approved, the money goes back to your wallet as a new line in your history. The original payment stays visible, so your history always tells the full story.'
					)
				]
			}
		]
	},
	{
		slug: 'becoming-an-operator',
		title: 'Becoming an operator and group accounts',
		summary: 'How operator accounts work, what group owners can do, and how earnings are shared.',
		audience: 'Operators',
		sections: [
			{
				heading: 'Operator accounts',
				blocks: [
					p(
						'Operators are the advisors customers chat with: tarot readers, astrologers, coaches and other experts. Operator accounts are opened by the Parley team, so nobody can turn an account into an operator account on their own.'
					),
					ol(
						'Create an ordinary account with Sign up.',
						'Get in touch with the Parley team, or with the agency you work with.',
						'Once your account is an operator account, fill in your profile in Settings and open your control panel to go online.'
					)
				]
			},
			{
				heading: 'Your public profile',
				blocks: [
					p(
						'Customers choose who to talk to from your profile, so make it count. In Settings you can change:'
					),
					ul(
						'Your name and a one-line headline.',
						'A longer introduction about how you work.',
						`Up to ${LIMITS.categoriesMax} categories, which decide where you appear in the directory filters.`,
						'Your profile picture.'
					),
					p('Your rating is built from what customers say after each chat.')
				]
			},
			{
				heading: 'Independent operators and groups',
				blocks: [
					p(
						'You can work on your own, or as part of a group. A group is an agency: its owner runs several operator accounts from one group console.'
					),
					p('A group owner can:'),
					ul(
						'Open one chat window for every operator in the group.',
						'Set operators online, away or offline.',
						'Answer chat requests, chat and lock chats on an operator’s behalf.',
						'See the group’s earnings, per operator and per day.'
					),
					p(
						'If both the operator and the group owner try to accept the same request, whoever clicks first gets the chat.'
					)
				]
			},
			{
				heading: 'Earnings',
				blocks: [
					p(
						`Each time a customer pays for a lock, Parley keeps a commission (${commission} by default) and the rest goes to the operator. For operators in a group, the earnings go to the group’s account.`
					),
					p('The Earnings page shows what each operator earned, day by day.')
				]
			},
			{
				heading: 'Good habits',
				blocks: [
					ul(
						'Keep your control panel open while you are online. Minimise it rather than closing it.',
						'Answer requests quickly, or set yourself away when you step out.',
						'Agree on the price in the free part of the chat before you lock it, so the lock is never a surprise.'
					),
					p('The chat messenger and chat locks article explains every step of a chat in detail.')
				]
			}
		]
	}
];

export function articleBySlug(slug: string): Article | undefined {
	return ARTICLES.find((a) => a.slug === slug);
}
