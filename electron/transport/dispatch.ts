// The one dispatch both transports (Electron IPC and HTTP) go through: look up the method,
// validate the parameters against the contract, call the handler, map every failure to an error value.
import { ApiError, CONTRACT, isMethodName, parseOrThrow, type CallResponse, type Handlers } from '../../shared/api';

export interface DispatchOptions {
  /** Also validate results against the contract (on in tests; costs time on large lists). */
  validateResults?: boolean;
  /** Where unexpected errors are reported (they reach the caller as 'internal' without a stack). */
  onInternalError?: (method: string, err: unknown) => void;
}

export type Dispatch = (method: string, params: unknown) => Promise<CallResponse>;

export function createDispatch(handlers: Handlers, opts: DispatchOptions = {}): Dispatch {
  return async (method, params) => {
    try {
      if (!isMethodName(method)) {
        throw new ApiError({ code: 'unknown_method', message: `Unknown method "${method}"`, field: 'method' });
      }
      const spec = CONTRACT[method];
      const parsed = parseOrThrow(spec.params, params ?? {}, 'params');
      const handler = handlers[method] as (p: unknown) => unknown;
      const result = await handler(parsed);
      if (opts.validateResults) {
        const r = spec.result.safeParse(result);
        if (!r.success) {
          const issue = r.error.issues[0];
          throw new Error(`result of ${method} breaks the contract at ${issue.path.join('.')}: ${issue.message}`);
        }
      }
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toData() };
      opts.onInternalError?.(method, err);
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${message}` } };
    }
  };
}
