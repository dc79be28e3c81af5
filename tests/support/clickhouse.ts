// Real clickhouse-server instances for the ClickHouse store's tests: N servers on free
// loopback ports, each with its own temporary config and data directory, declared to each
// other as the shards of one cluster ("heatlens") so a Distributed table spans them all.
// Never the system service: the servers are child processes, listening on 127.0.0.1 only,
// and stop() kills them and removes their directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [process.env.CLICKHOUSE_SERVER, '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse'];
export const INSTALL_HINT =
  'clickhouse-server is not installed: the ClickHouse store tests run real servers — install it (apt-get install -y clickhouse-server clickhouse-client; .ci/run does) or set CLICKHOUSE_SERVER';

export function findClickHouse(): { bin: string; args: string[] } {
  for (const c of CANDIDATES) {
    if (!c || !existsSync(c)) continue;
    // The single multi-tool binary of newer releases takes `server` first.
    return { bin: c, args: c.endsWith('/clickhouse') ? ['server'] : [] };
  }
  throw new Error(INSTALL_HINT);
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface Shard {
  dir: string;
  http: number;
  tcp: number;
  url: string;
  proc?: ChildProcess;
}

export interface Cluster {
  shards: Shard[];
  /** `clickhouse://…/DB?cluster=heatlens&shards=…`: the store URL for the whole cluster. */
  storeUrl(db: string): string;
  /** SIGKILLs shard i (everything), then starts it again on the same ports and data. */
  restart(i?: number): Promise<void>;
  /** A query over HTTP to shard i, as text. */
  query(sql: string, i?: number): Promise<string>;
  stop(): Promise<void>;
}

function config(s: Shard, all: Shard[]): string {
  const shards = all.map((o) => `<shard><replica><host>127.0.0.1</host><port>${o.tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${s.dir}/server.log</log><errorlog>${s.dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${s.http}</http_port>
  <tcp_port>${s.tcp}</tcp_port>
  <path>${s.dir}/data/</path>
  <tmp_path>${s.dir}/tmp/</tmp_path>
  <user_files_path>${s.dir}/user_files/</user_files_path>
  <format_schema_path>${s.dir}/format_schemas/</format_schema_path>
  <users_config>${s.dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <remote_servers><heatlens>${shards}</heatlens></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

async function ping(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

async function start(s: Shard, bin: { bin: string; args: string[] }): Promise<void> {
  const proc = spawn(bin.bin, [...bin.args, `--config-file=${s.dir}/config.xml`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err = (err + d).slice(-2000)));
  s.proc = proc;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) break;
    if (await ping(s.url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(`${s.dir}/error.log`) ? readFileSync(`${s.dir}/error.log`, 'utf8').slice(-1500) : '';
  proc.kill('SIGKILL');
  throw new Error(`clickhouse-server on port ${s.http} did not start: ${err || log}`);
}

function kill(s: Shard): Promise<void> {
  const p = s.proc;
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    p.once('exit', () => done());
    p.kill('SIGKILL');
  });
}

export async function startCluster(n = 2): Promise<Cluster> {
  const bin = findClickHouse();
  const shards: Shard[] = [];
  for (let i = 0; i < n; i++) {
    const dir = mkdtempSync(join(tmpdir(), `heatlens-ch${i}-`));
    const http = await freePort();
    let tcp = await freePort();
    while (tcp === http) tcp = await freePort();
    shards.push({ dir, http, tcp, url: `http://127.0.0.1:${http}` });
  }
  for (const s of shards) {
    for (const d of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(s.dir, d), { recursive: true });
    writeFileSync(join(s.dir, 'config.xml'), config(s, shards));
    writeFileSync(join(s.dir, 'users.xml'), USERS);
  }
  const cluster: Cluster = {
    shards,
    storeUrl: (db) =>
      `clickhouse://127.0.0.1:${shards[0].http}/${db}?cluster=heatlens&shards=${shards.map((s) => `127.0.0.1:${s.http}`).join(',')}`,
    async restart(i?: number) {
      const which = i === undefined ? shards : [shards[i]];
      for (const s of which) await kill(s);
      await Promise.all(which.map((s) => start(s, bin)));
    },
    async query(sql, i = 0) {
      // Synchronous Distributed inserts: the rows are on the shards when this resolves.
      const r = await fetch(`${shards[i].url}/?insert_distributed_sync=1`, { method: 'POST', body: sql });
      const text = await r.text();
      if (!r.ok) throw new Error(text);
      return text;
    },
    async stop() {
      await Promise.all(shards.map(kill));
      for (const s of shards) rmSync(s.dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(shards.map((s) => start(s, bin)));
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
