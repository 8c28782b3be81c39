/**
 * A repeating timer that keeps its pace in hidden windows. Browsers throttle timers of hidden
 * pages (down to once a minute after a while), but not those of a dedicated Worker; heartbeats
 * of a minimised control panel or chat window must keep their period.
 */
const WORKER_SOURCE = `let timer; onmessage = (e) => { clearInterval(timer);
  if (e.data > 0) timer = setInterval(() => postMessage('tick'), e.data); };`;

export function startTicker(periodMs: number, tick: () => void): () => void {
	const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
	const worker = new Worker(url);
	URL.revokeObjectURL(url);
	worker.onmessage = tick;
	worker.postMessage(periodMs);
	return () => worker.terminate();
}
