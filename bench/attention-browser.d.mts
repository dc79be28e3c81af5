export function attentionInBrowser(
  sessions: number,
  engineFactory: (() => Promise<any>) | null,
  log: (message: string) => void,
): Promise<Record<string, unknown>>;
