/**
 * Which sites the server accepts and from where: per site, the origins allowed to post
 * (CORS), the public key batches must carry, an optional token for reading its data, and its
 * rate limit. With no configuration the server is open (any site, any origin, no key), which
 * suits a laptop, not the internet.
 */
import { z } from 'zod';
import { SITE_RE } from './schema.js';

export interface RateLimit {
  /** Batches per second refilled into each (site, IP) bucket. */
  perSecond: number;
  /** Bucket size: how many batches may arrive at once. */
  burst: number;
}

export interface SiteConfig {
  /** Serialized origins (`https://example.com`), `https://*.example.com`, or `*`. */
  origins: string[];
  key?: string;
  readToken?: string;
  rate?: RateLimit;
}

export interface Sites {
  /** True when no site is configured: everything is accepted. */
  open: boolean;
  get(site: string): SiteConfig | undefined;
  /** Whether any site accepts this origin (preflights do not say which site they are for). */
  anyAllows(origin: string): boolean;
}

const rateSchema = z.object({ perSecond: z.number().positive().max(1e6), burst: z.int().min(1).max(1e6) });
const siteSchema = z.object({
  origins: z.array(z.string().min(1).max(256)).max(1000),
  key: z.string().min(1).max(128).optional(),
  readToken: z.string().min(1).max(256).optional(),
  rate: rateSchema.optional(),
});
const fileSchema = z.object({ sites: z.record(z.string().regex(SITE_RE), siteSchema) });
export type SitesFile = z.infer<typeof fileSchema>;

function normalizeOrigin(origin: string): string {
  if (origin === '*') return '*';
  const star = origin.match(/^(https?:\/\/)\*\.(.+)$/i);
  if (star) return `${star[1].toLowerCase()}*.${new URL(`${star[1]}${star[2]}`).host}`;
  const url = new URL(origin);
  return url.origin;
}

function originMatches(patterns: readonly string[], origin: string): boolean {
  for (const p of patterns) {
    if (p === '*' || p === origin) return true;
    const star = p.indexOf('*.');
    if (star > 0) {
      const scheme = p.slice(0, star);
      const suffix = p.slice(star + 1); // ".example.com"
      if (origin.startsWith(scheme) && origin.endsWith(suffix) && origin.length > scheme.length + suffix.length) {
        const label = origin.slice(scheme.length, origin.length - suffix.length);
        if (/^[a-z0-9.-]+$/i.test(label)) return true;
      }
    }
  }
  return false;
}

export function siteAllowsOrigin(site: SiteConfig, origin: string): boolean {
  return originMatches(site.origins, origin);
}

/** Validates a sites file's JSON; throws Error with the offending path on a bad entry. */
export function parseSites(json: unknown): Sites {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sites config: ${issue.path.join('.') || 'root'}: ${issue.message}`);
  }
  const map = new Map<string, SiteConfig>();
  for (const [name, cfg] of Object.entries(parsed.data.sites)) {
    let origins: string[];
    try {
      origins = cfg.origins.map(normalizeOrigin);
    } catch {
      throw new Error(`sites config: sites.${name}.origins: not an origin like https://example.com`);
    }
    map.set(name, { ...cfg, origins });
  }
  return sitesFrom(map);
}

export function sitesFrom(map: Map<string, SiteConfig>): Sites {
  const all = [...map.values()].flatMap((s) => s.origins);
  return {
    open: false,
    get: (site) => map.get(site),
    anyAllows: (origin) => originMatches(all, origin),
  };
}

const OPEN_SITE: SiteConfig = { origins: ['*'] };

/** Accepts every site from every origin, without a key. */
export const openSites: Sites = { open: true, get: () => OPEN_SITE, anyAllows: () => true };
