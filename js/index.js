// slotfit: the scheduling engine (WebAssembly) and its Supabase data layer. The contract is index.d.ts.
export { createEngine, Engine } from './engine.js';
export { formatTime, toMinutes } from './time.js';
export { CONFLICT_KINDS, EFFORTS, STRATEGIES, kindsOf, loadCore } from './core.js';
export { EngineDisposedError, PayloadError, SchedulerError, StaleVersionError } from './errors.js';
export { OptimizedScheduler } from './scheduler.js';
export { createWorkerEngine, WorkerEngine } from './worker-client.js';
