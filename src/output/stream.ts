/** Where output goes: stdout or stderr, or a test's capture. */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY: boolean;
  readonly columns?: number;
}
