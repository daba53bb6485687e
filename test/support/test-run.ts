/** How a run's test databases are named (db.ts), so global-setup can remove what its workers left. */
export const embeddedDbPrefix = (run: string) => `pledge-test-db-${run}-`;
export const serverDbPrefix = (run: string) => `pledge_t_${run}_`;
