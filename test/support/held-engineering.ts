/**
 * A seam in front of the sample engineering system's HTTP handler that can hold one response back
 * after the record was read, so a test can change the record in between and let an older read land
 * after a newer one (the race a FaultPlan latency cannot make: it delays before the read).
 */
import type { EngineeringSystem } from '../../local/engineering';

/** One armed hold: `read` settles once the held request has read its data; `release()` lets the response go. */
export interface HeldResponse {
  read: Promise<void>;
  release(): void;
}

/** The wrapper to pass as startApp's `wrapEngineering`, plus `holdNext` to arm it. */
export function createHoldingEngineering() {
  let armed: { matches: (url: URL) => boolean; read: () => void; released: Promise<void> } | undefined;
  return {
    wrap: (system: EngineeringSystem): Pick<EngineeringSystem, 'handle' | 'basePath'> => {
      return {
        basePath: system.basePath,
        async handle(request: Request) {
          const response = await system.handle(request);
          const hold = armed;
          if (hold && hold.matches(new URL(request.url))) {
            armed = undefined;
            hold.read();
            await hold.released;
          }
          return response;
        },
      };
    },
    /** Holds the next response whose URL mentions `specId`. */
    holdNext(specId: string): HeldResponse {
      let read: () => void = () => undefined;
      let release: () => void = () => undefined;
      const readPromise = new Promise<void>((resolve) => (read = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed = { matches: (url) => decodeURIComponent(url.pathname + url.search).includes(specId), read, released };
      return { read: readPromise, release };
    },
  };
}
