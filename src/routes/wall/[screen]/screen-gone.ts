/** A screen that was deleted, or a kiosk opened on a name that does not exist, looks again this often. */
export const SCREEN_GONE_RETRY_MS = 30_000;
