import type { ActivityLog } from './activity-log';

/** The target object `@forge/*` packages pass as the first argument of `__forge_fetch__`. */
export interface ForgeFetchTarget {
  type: string;
  provider?: 'app' | 'user' | 'none';
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

/** Where console output of an invocation goes (see function-logs.ts). */
export interface LogTarget {
  activity: ActivityLog;
  echo: boolean;
  /** Told the UTF-8 bytes of each line printed inside an invocation (newline included), for the cost counters. */
  onLogBytes?: (bytes: number) => void;
}

/** What one platform (one installation on one site) supplies to the process-wide globals. */
export interface RuntimeHost {
  appId: string;
  environmentId: string;
  installationId: string;
  contextAri: string;
  route(target: ForgeFetchTarget, path: string, init: RequestInit | undefined): Promise<Response>;
  /** Decides whether function code may fetch `url`; throws the Forge egress error when not. */
  checkEgress(url: string): Promise<void>;
  /** Where the console output of this host's invocations goes. */
  logs?: LogTarget;
}
