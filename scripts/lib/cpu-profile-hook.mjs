/**
 * A CPU profiler any Node process can carry without changing its command line (NODE_OPTIONS
 * refuses --cpu-prof): `NODE_OPTIONS="--import <this file>"`. SIGUSR2 starts sampling (1 ms);
 * the next SIGUSR2 writes `<CPU_PROFILE_DIR>/<pid>-<time>.cpuprofile` (open it in Chrome's
 * DevTools, or summarise it with scripts/lib/cpu-profile-summary.ts). Only the main thread of the
 * process is sampled: a worker thread (the console's PGlite) is not in its profile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = process.env.CPU_PROFILE_DIR || path.join(tmpdir(), 'cpu-profiles');
let session = null;

process.on('SIGUSR2', () => {
  if (!session) {
    session = new Session();
    session.connect();
    const s = session;
    s.post('Profiler.enable', () =>
      s.post('Profiler.setSamplingInterval', { interval: 1000 }, () => s.post('Profiler.start')),
    );
    return;
  }
  const s = session;
  session = null;
  s.post('Profiler.stop', (err, result) => {
    if (!err) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    }
    s.disconnect();
  });
});
