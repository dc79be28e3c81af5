// GET /v1/points and /v1/scroll against known answers, on the embedded DuckDB store: the
// store contract of tests/support/store-contract.ts (the ClickHouse store runs the same one).
import { storeContract } from '../support/store-contract.js';
import { startHarness } from './ingest-support.js';

storeContract(() => startHarness());
