// Marks (ms since navigation) of the start-up and of each edit's way to the screen, for the
// benchmark and for finding what a slow moment waits on: window.__schoolnetTimeline lists them in order.
const marks: { name: string; at: number }[] = [];
(window as unknown as { __schoolnetTimeline?: typeof marks }).__schoolnetTimeline = marks;

/** The newest marks are kept: every edit adds a few, and a working day makes many edits. */
const KEEP = 2000;

export function mark(name: string): void {
  marks.push({ name, at: Math.round(performance.now()) });
  if (marks.length > KEEP) marks.splice(0, marks.length - KEEP);
}
