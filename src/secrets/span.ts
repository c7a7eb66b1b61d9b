/** A secret's place in a text: `[start, end)` offsets. */
export interface SecretSpan {
  start: number;
  end: number;
}
