// The one client every caller uses: typed calls over any Transport, errors rethrown as ApiError.
import { ApiError } from './errors';
import type { EventName, EventPayload, MethodName, Params, PushEvent, Result } from './contract';
import type { Transport } from './transport';

export interface ApiClient {
  call<M extends MethodName>(method: M, ...params: Params<M> extends Record<string, never> ? [params?: Params<M>] : [params: Params<M>]): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  return {
    async call(method, params?) {
      const res = await transport.call(method, params ?? {});
      if (!res.ok) throw ApiError.from(res.error);
      return res.result as never;
    },
    on(event, listener) {
      return transport.subscribe((e: PushEvent) => {
        if (e.event === event) listener(e.payload as never);
      });
    },
  };
}
