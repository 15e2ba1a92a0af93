/** The same server as TEST_DATABASE_URL, another database on it. */
export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A database to run CREATE/DROP DATABASE from: the maintenance database `postgres`. */
export function adminUrl(base: string): string {
  return databaseUrl(base, 'postgres');
}
