/** The dates the fleet views show, written the same way in the terminal and in the HTML report. */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2028-03-31" -> "31 March 2028"; anything else as written. */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** "2026-05-04T10:22:31.5Z" -> "2026-05-04 10:22 UTC"; undefined for anything else (the caller shows it safely). */
export function scanTime(iso: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : undefined;
}
