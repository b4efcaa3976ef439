// The wasm module: instantiated once per page (or worker) and shared by every engine in it.
import createSlotfitCore from './dist/slotfit-core.mjs';

/** Rule kinds in the core's order: bit i of a conflict mask is CONFLICT_KINDS[i]. */
export const CONFLICT_KINDS = Object.freeze([
  'off-day', 'school-hours', 'bell-schedule', 'special-activity', 'protected-time', 'student-overlap',
  'other-provider', 'capacity', 'consecutive', 'short-break', 'provider-busy',
]);

export const STRATEGIES = Object.freeze(['balanced', 'grade-grouped', 'teacher-grouped', 'morning-first']);
/** How much search follows construction: each a fixed budget of work, so the answer is deterministic. */
export const EFFORTS = Object.freeze(['fast', 'default', 'thorough']);

let corePromise = null;
// The Node entry (node.js) installs a resolver that reads the .wasm with fs: Node's fetch cannot load file: URLs.
let resolveOptions = (options) => options;

export function setCoreOptionsResolver(resolver) {
  resolveOptions = resolver;
}

/**
 * The shared module. Options only matter for the first call; a failed instantiation is forgotten so that a
 * later call (say, with a corrected wasmUrl) can try again.
 */
export function loadCore(options = {}) {
  if (corePromise === null) {
    corePromise = instantiate(resolveOptions(options)).catch((error) => {
      corePromise = null;
      throw error;
    });
  }
  return corePromise;
}

async function instantiate({ wasmUrl, wasmBinary, wasmModule } = {}) {
  const init = {};
  if (wasmModule !== undefined) {
    init.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule));
      return {};
    };
  } else if (wasmBinary !== undefined) {
    init.wasmBinary = wasmBinary;
  } else {
    // Written out literally so that Vite, webpack and Next.js see the asset and emit it next to the bundle.
    const url = wasmUrl ?? new URL('./dist/slotfit-core.wasm', import.meta.url);
    init.locateFile = () => String(url);
  }
  let core;
  try {
    core = await createSlotfitCore(init);
  } catch (error) {
    // The glue reports a refused compile as "Aborted(CompileError: …)"; say what to change instead.
    if (/Content Security/i.test(String(error?.message ?? error))) {
      throw new Error('slotfit: the Content-Security-Policy blocks WebAssembly; add \'wasm-unsafe-eval\' to script-src',
        { cause: error });
    }
    throw error;
  }
  const names = core.kindNames();
  if (names !== CONFLICT_KINDS.join(',')) {
    throw new Error(`slotfit: the wasm module's rule kinds (${names}) differ from this package's; rebuild js/dist`);
  }
  return core;
}

/** The kind names whose bits are set in a mask (conflictMap cells, checkKinds answers). */
export function kindsOf(mask) {
  const out = [];
  for (let i = 0; i < CONFLICT_KINDS.length; i += 1) if (mask & (1 << i)) out.push(CONFLICT_KINDS[i]);
  return out;
}
