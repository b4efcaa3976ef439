// make test-consumers: packs the package once for every consumer test (they read SLOTFIT_TARBALL).
import { pack } from './support.mjs';

console.log(pack());
