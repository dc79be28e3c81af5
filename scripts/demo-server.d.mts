// Types for demo-server.mjs, so the TypeScript tests can import it.
export declare const ROOT: string;
export interface DemoServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The store directory. */
  dir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  /** Stops the server; removes the store directory when it was a temporary one. */
  stop(): Promise<void>;
}
export declare function startDemoServer(options?: {
  args?: string[];
  dataDir?: string;
  timeoutMs?: number;
  onOutput?: (text: string) => void;
}): Promise<DemoServer>;
