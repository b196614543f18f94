// Loaded into a server process with NODE_OPTIONS="--require <this file>" by `npm run bench -- --profile`:
// Node 20 refuses --cpu-prof in NODE_OPTIONS, and the server helpers start `node <bundle>` with no
// other way to pass flags. Samples every 1 ms (as --cpu-prof does) and writes a .cpuprofile to
// $BENCH_CPU_PROF_DIR when the process exits normally (SIGTERM → the server's own graceful stop).
'use strict';
const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // The wall clock beside the profiler's (monotonic, µs), to find a moment logged elsewhere in the samples.
  const clocks = { wallMs: Date.now(), monoUs: Number(process.hrtime.bigint() / 1000n) };
  process.on('exit', () => {
    // Same-thread inspector sessions answer synchronously, so this completes before the exit.
    session.post('Profiler.stop', (err, res) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
      fs.writeFileSync(path.join(dir, `CPU.${process.pid}.clocks.json`), JSON.stringify(clocks));
    });
  });
}
