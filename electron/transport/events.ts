// A tiny fan-out of push events from the backend to every connected client (IPC windows, SSE streams).
import type { PushEvent } from '../../shared/api';

export class EventHub {
  private listeners = new Set<(e: PushEvent) => void>();
  emit = (e: PushEvent): void => {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a broken listener (closed socket) must not stop the others
      }
    }
  };
  subscribe(listener: (e: PushEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get size(): number {
    return this.listeners.size;
  }
}
