/**
 * Runs `body` with the process in another time zone, then puts the previous one back.
 * A store's local day (weekday promotions, daily backups) is the terminal's time zone,
 * which for the core is the process's: tests pin one where local and UTC days differ.
 * Node re-reads TZ when it is assigned; tests in one file run one at a time.
 */
export async function inTimeZone<T>(zone: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
