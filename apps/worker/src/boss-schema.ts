/** The PostgreSQL schema pg-boss keeps its tables in (the worker's queue metrics and orphan watch read it directly). */
export const BOSS_SCHEMA = "pgboss";
