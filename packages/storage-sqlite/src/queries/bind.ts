/**
 * A boolean as SQLite stores it (0/1). Row mappers shared with the batch sink bind booleans through it,
 * since the sink's runner binds arguments as they are (the executor would convert them itself).
 */
export const bit = (b: boolean): number => (b ? 1 : 0);
