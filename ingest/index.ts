/** The ingest adapter's public entry: the handler, the stores, the node adapter, the formats, static files, the demo. */
export { createHandler, DEFAULT_LIMITS, DEFAULT_RATE, type ClientInfo, type IngestHandler, type IngestOptions } from './handler.js';
export { DuckDBStore } from './duckdb-store.js';
export { ClickHouseStore } from './clickhouse-store.js';
export { migrate, type MigrateOptions, type MigrateProgress, type MigrateResult } from './migrate.js';
export type * from './store.js';
export { nodeListener, startServer, type RunningServer } from './server.js';
export { openSites, parseSites, type RateLimit, type SiteConfig, type Sites } from './sites.js';
export { decodeMoves, decodePoints, decodeScrollSamples, encodeMoves, encodePoints, encodeScrollSamples } from './points-format.js';
export { staticFiles, type StaticFiles, type StaticOptions } from './static-files.js';
export { seedDemo, DEFAULT_DEMO_SESSIONS, DEMO_SITE, type SeedOptions, type SeedProgress } from './demo.js';
export { batchSchema, eventSchema, type Batch, type BatchEvent, type EventRow } from './schema.js';
export { importFile, parseImport, IMPORT_FORMATS, ImportError, type ImportFormat } from './importers/index.js';
export { HttpError, QueryError, StoreError } from './errors.js';
