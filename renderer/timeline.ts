// Start-up marks (ms since navigation) for the benchmark and for finding what a slow start waits
// on: window.__schoolnetTimeline lists them in order.
const marks: { name: string; at: number }[] = [];
(window as unknown as { __schoolnetTimeline?: typeof marks }).__schoolnetTimeline = marks;

export function mark(name: string): void {
  marks.push({ name, at: Math.round(performance.now()) });
}
