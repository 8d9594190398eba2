import type { Migration } from './ddl.js';
import { v001 } from './v001-initial.js';
import { v002 } from './v002-analysis.js';
import { v003 } from './v003-patterns.js';
import { v004 } from './v004-graph.js';
import { v005 } from './v005-structural.js';
import { v006 } from './v006-enforcement.js';
import { v007 } from './v007-advanced.js';
import { v008, v009 } from './v008-v009.js';

export type { Migration } from './ddl.js';

/** Every schema migration, in order; `PRAGMA user_version` records how many have been applied. */
export const MIGRATIONS: readonly Migration[] = [v001, v002, v003, v004, v005, v006, v007, v008, v009];

/** The schema version this build creates and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;
