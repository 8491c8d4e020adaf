/** Wording shared by provider-facing forms, in GOV.UK's plain style. */

/** What the person typed, quoted back exactly (trimmed, and cut short if long). */
export function youEntered(value: string): string {
  const v = value.trim();
  const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
  return ` You entered “${shown}”.`;
}

/** "5,000" */
export const count = (n: number) => n.toLocaleString('en-GB');
