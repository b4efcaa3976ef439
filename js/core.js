// The wasm module: instantiated once per page (or worker) and shared by every engine in it.
import createSlotfitCore from './dist/slotfit-core.mjs';
import { CONFLICT_KINDS } from './generated/lists.js';
import { moduleNames } from './wire.js';

// The named lists, generated from lists/lists.json with the core's header (node lists/generate.mjs).
export { CONFLICT_KINDS, EFFORTS, STRATEGIES } from './generated/lists.js';

let corePromise = null;
// The Node entry (node.js) installs a resolver that hands over the embedded module (and reads file: URLs with fs).
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

// What to tell a user whose .wasm could not be loaded: where it was looked for and the two ways to fix it.
function loadFailure(url, reason, cause) {
  // Some bundlers give browser code a `process` object: only a scope without window and without a worker is Node's.
  const underNode = typeof process === 'object' && typeof process.versions?.node === 'string'
    && typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';
  const hint = underNode
    ? 'Under Node (a server bundle too) the package\'s "node" entry embeds the module and fetches nothing: make '
      + 'the bundler resolve the "node" export condition, or pass createEngine({ wasmBinary })'
    : 'Serve node_modules/slotfit/dist/slotfit-core.wasm at that URL (as application/wasm) or pass its URL as '
      + 'createEngine({ wasmUrl }) (or the bytes as { wasmBinary }). Vite, webpack 5 and Next.js copy the file '
      + 'by themselves; with esbuild or Rollup copy it to that URL, dist/ beside the bundle (README "Bundlers and frameworks")';
  return new Error(`slotfit: could not load the WebAssembly module from ${url} (${reason}). ${hint}.`,
    cause === undefined ? undefined : { cause });
}

function cspFailure(error) {
  return new Error('slotfit: the Content-Security-Policy blocks WebAssembly; add \'wasm-unsafe-eval\' to script-src',
    { cause: error });
}

const isCspRefusal = (error) => /Content Security/i.test(String(error?.message ?? error));

// Fetched and compiled here rather than by the Emscripten glue, whose failure ("both async and sync fetching of the
// wasm failed") names neither the URL nor the option to set.
async function compileFrom(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw loadFailure(url, `${error?.name ?? 'Error'}: ${error?.message ?? error}`, error);
  }
  if (!response.ok) throw loadFailure(url, `HTTP ${response.status}`);
  const streaming = typeof WebAssembly.compileStreaming === 'function'
    && (response.headers.get('content-type') ?? '').startsWith('application/wasm');
  try {
    return streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
  } catch (error) {
    if (isCspRefusal(error)) throw cspFailure(error);
    // A 200 that is not the module: typically a single-page app's index.html served for an unknown path.
    throw loadFailure(url, `not a WebAssembly module: ${error?.message ?? error}`, error);
  }
}

async function instantiate({ wasmUrl, wasmBinary, wasmModule } = {}) {
  let module = wasmModule;
  if (module === undefined && wasmBinary === undefined) {
    // Written out literally so that Vite, webpack and Next.js see the asset and emit it next to the bundle.
    module = await compileFrom(String(wasmUrl ?? new URL('./dist/slotfit-core.wasm', import.meta.url)));
  }
  const init = {};
  let failed;
  const failure = new Promise((_, reject) => {
    failed = reject;
  });
  if (module !== undefined) {
    init.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
      return {};
    };
  } else {
    init.wasmBinary = wasmBinary;
  }
  let core;
  try {
    core = await Promise.race([createSlotfitCore(init), failure]);
  } catch (error) {
    // The glue reports a refused compile as "Aborted(CompileError: …)"; say what to change instead.
    if (isCspRefusal(error)) throw cspFailure(error);
    throw error;
  }
  const names = moduleNames(core).kinds;
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
