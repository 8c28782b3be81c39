// The rules tier's coverage gate. After the rules tests, the Firestore emulator's coverage report
// (GET /emulator/v1/projects/<id>:ruleCoverage) says, for every expression in firestore.rules,
// which values it evaluated to and how often. Every `allow` condition must have been seen both
// true (someone was let in) and false (someone was refused), except a literal `if true` (public
// reads): it cannot be false, and the emulator reports no expression for a constant. The gate
// also bounds the document reads a rule may make: the distinct get()/exists() calls reachable
// from one `allow` condition, through the functions it calls.

/** Document reads in rules (not the map method `.get(key, default)`). */
const DOC_READ = /(?<![.\w])(?:get|exists|getAfter|existsAfter)\s*\(\s*\//g;

/** 1-based line and column of an offset in `text` (columns count characters, like the report). */
function position(text, offset) {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return { line, column: offset - before.lastIndexOf('\n') };
}

/** Removes `//` comments, keeping every offset in place. */
function blankComments(text) {
	return text.replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
}

/** Every `allow <ops>: if <condition>;` in the rules, with where its condition starts. */
export function allowConditions(rulesText) {
	const text = blankComments(rulesText);
	const out = [];
	const re = /allow\s+([a-z, ]+?)\s*:\s*if\s+/g;
	let m;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length;
		const end = text.indexOf(';', start);
		out.push({
			ops: m[1].replace(/\s+/g, ''),
			condition: text.slice(start, end).replace(/\s+/g, ' ').trim(),
			...position(text, start),
			start,
			end
		});
	}
	return out;
}

/** The rules' functions: name → body text. */
function functionBodies(text) {
	const bodies = new Map();
	const re = /function\s+(\w+)\s*\([^)]*\)\s*\{/g;
	let m;
	while ((m = re.exec(text))) {
		let depth = 1;
		let i = re.lastIndex;
		for (; i < text.length && depth > 0; i++) {
			if (text[i] === '{') depth++;
			else if (text[i] === '}') depth--;
		}
		bodies.set(m[1], text.slice(re.lastIndex, i - 1));
	}
	return bodies;
}

/**
 * The distinct document reads (get/exists call sites) reachable from each `allow` condition,
 * following calls into the rules' own functions. Firestore evaluates a repeated identical get()
 * once per request, so a call site counts once however often it is reached.
 */
export function documentReadsPerAllow(rulesText) {
	const text = blankComments(rulesText);
	const bodies = functionBodies(text);
	const reads = (code, seen) => {
		const sites = new Set((code.match(DOC_READ) ?? []).map((s, i) => `${code.length}:${i}:${s}`));
		for (const [name, body] of bodies) {
			if (seen.has(name) || !new RegExp(`(?<![.\\w])${name}\\s*\\(`).test(code)) continue;
			seen.add(name);
			for (const site of reads(body, seen)) sites.add(`${name}/${site}`);
		}
		return sites;
	};
	return allowConditions(rulesText).map((a) => ({
		...a,
		documentReads: reads(text.slice(a.start, a.end), new Set()).size
	}));
}

/** All nodes of the coverage report's expression tree. */
function* nodes(list) {
	for (const node of list ?? []) {
		yield node;
		yield* nodes(node.children);
	}
}

/**
 * Checks coverage reports (one per test file: each file reloads the rules, which restarts the
 * report) against the rules: returns every `allow` condition with the true and false counts seen
 * across all of them, and the ones that fail the gate.
 */
export function checkCoverage(rulesText, coverages) {
	const trees = coverages.map((c) => [...nodes(c.report)]);
	const rows = allowConditions(rulesText).map((a) => {
		let seenTrue = 0;
		let seenFalse = 0;
		for (const all of trees) {
			// The whole condition is the widest expression starting where the condition starts.
			const width = (n) => n.sourcePosition.endOffset - n.sourcePosition.currentOffset;
			const here = all
				.filter((n) => n.sourcePosition?.line === a.line && n.sourcePosition?.column === a.column)
				.sort((x, y) => width(y) - width(x))[0];
			for (const v of here?.values ?? []) {
				if (v.value?.boolValue === true) seenTrue += v.count ?? 0;
				if (v.value?.boolValue === false) seenFalse += v.count ?? 0;
			}
		}
		const literalTrue = a.condition === 'true';
		return {
			line: a.line,
			ops: a.ops,
			condition: a.condition.length > 90 ? `${a.condition.slice(0, 89)}…` : a.condition,
			seenTrue,
			seenFalse,
			ok: literalTrue || (seenTrue > 0 && seenFalse > 0)
		};
	});
	return { rows, failing: rows.filter((r) => !r.ok) };
}
