// Preloaded (`node -r`) by bench/profile.mjs into a cold command-line run: a CPU profile of
// the whole run through node:inspector, written at exit to $CUE_LITE_PROFILE. Not `node
// --cpu-prof`: a command-line flag changes V8's flag hash, so V8 rejects the CLI's code cache
// and the profile would show the bundle compiled from scratch, which users never pay.
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // The main thread's session answers synchronously.
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(process.env.CUE_LITE_PROFILE, JSON.stringify(result.profile));
  });
});
