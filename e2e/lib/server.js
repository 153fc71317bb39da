// Starts BEN for the end-to-end tests as a newcomer would run it: build the
// binary, fill a fresh data directory with the demo, serve on a free port.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The demo logins (README, hooks/demo).
export const DEMO = {
  password: 'Demo-Passwort-2026',
  staff: 'buero@ben.example',
  editorA: 'verein@ben.example', // edits Sportfreunde Bitburg-Süd
  editorB: 'jugend@ben.example', // edits Jugendtreff Rotbach
  citizen: 'buerger@ben.example',
  clubA: 'sportfreunde-bitburg-sued',
  clubB: 'jugendtreff-rotbach',
};

const running = new Set();
let built = 0;
// whatever happens to the tests, no server outlives them
process.on('exit', () => { for (const p of running) p.kill('SIGKILL'); });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startServer builds BEN, creates demo data (unless demo is false: a fresh
 * install) and serves it. The binary is built outside the system temp
 * directory: PocketBase treats a binary in it as "go run" and would switch
 * on development features.
 */
export async function startServer({ demo = true } = {}) {
  const work = path.join(repoRoot, 'e2e', 'test-results');
  await mkdir(work, { recursive: true });
  const bin = path.join(work, `ben-${process.pid}-${++built}`);
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ben-e2e-'));
  const dataDir = path.join(tmp, 'pb_data');
  if (demo) execFileSync(bin, ['demo', '--dir', dataDir], { stdio: 'ignore' });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir, '--hooksDir', path.join(repoRoot, 'pb_hooks')], {
    cwd: work, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`BEN ended at start:\n${log}`);
    try {
      const res = await fetch(base + '/api/health');
      if (res.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`BEN did not answer /api/health within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await once(proc, 'exit').catch(() => {});
      clearTimeout(timer);
    }
    running.delete(proc);
    await rm(tmp, { recursive: true, force: true });
    await rm(bin, { force: true });
  };
  return { base, stop, log: () => log };
}

/**
 * staffClient logs in as the office (superuser) and raises the login rate
 * limit for this test server, so that the tests' many logins from one IP
 * are not refused (the limit itself is tested in Go).
 */
export async function staffClient(base) {
  const pb = new PocketBase(base);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(DEMO.staff, DEMO.password);
  const settings = await pb.settings.getAll();
  const rules = settings.rateLimits.rules.map((r) => (r.label === '*:auth' ? { ...r, maxRequests: 1000 } : r));
  await pb.settings.update({ rateLimits: { ...settings.rateLimits, rules } });
  return pb;
}

/** userClient logs a demo user in through the API. */
export async function userClient(base, email) {
  const pb = new PocketBase(base);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(email, DEMO.password);
  return pb;
}

/** isoIn returns an ISO date `hours` from now, on the full hour. */
export function isoIn(hours) {
  const d = new Date(Date.now() + hours * 3600_000);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}
