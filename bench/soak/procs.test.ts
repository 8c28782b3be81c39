import { describe, expect, it } from 'vitest';
import { parseHeapInfo } from './procs';

describe('parseHeapInfo', () => {
	it('reads the G1 heap in use and leaves Metaspace out', () => {
		const g1 = [
			'17498:',
			' garbage-first heap   total 40960K, used 5956K [0x0000000687400000, 0x0000000800000000)',
			'  region size 4096K, 0 young (0K), 0 survivors (0K)',
			' Metaspace       used 8965K, committed 9152K, reserved 1114112K',
			'  class space    used 1062K, committed 1152K, reserved 1048576K'
		].join('\n');
		expect(parseHeapInfo(g1)).toBe(5956 * 1024);
	});

	it("adds Serial's young and old generations", () => {
		const serial = [
			'4242:',
			' def new generation   total 9792K, used 1000K [0x00000000e0000000, 0x00000000e0aa0000)',
			'  eden space 8704K,  11% used',
			' tenured generation   total 21888K, used 3000K [0x00000000eaa00000, 0x00000000ec000000)',
			' Metaspace       used 700K, committed 896K, reserved 1056768K'
		].join('\n');
		expect(parseHeapInfo(serial)).toBe(4000 * 1024);
	});

	it('answers null for text without a heap line (an attach error)', () => {
		expect(parseHeapInfo('4242:\ncom.sun.tools.attach.AttachNotSupportedException')).toBeNull();
	});
});
