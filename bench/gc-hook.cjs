// Loaded into every server process of the bench with NODE_OPTIONS="--require <this file>":
// SIGUSR2 runs a full garbage collection, so that the memory-per-client figures
// (bench/memory.ts) compare live heaps, not whatever garbage the last GC left.
// Idle otherwise: nothing runs until the bench sends the signal.
'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
process.on('SIGUSR2', () => gc());
