export function attentionScenarios(options: {
  engine: any;
  params: Record<string, unknown>;
  data: { session: Int32Array; ts: Float64Array; x: Float32Array; y: Float32Array };
  env: string;
  log: (message: string) => void;
  runs?: number;
}): Promise<Record<string, any>>;
export function attentionRow(scenario: Record<string, any>): string;
export const ATTENTION_TABLE_HEAD: string[];
