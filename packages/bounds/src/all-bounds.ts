// The register-all list: every bound the package ships, one import and one entry each, sorted
// by id. `pnpm new:bound <id>` adds both lines; the registry test checks that each entry has a
// test, a fixture (script + JSON) and a site page.
import type { AnyBound } from './bound.js';
import { arora2019GeneralizationBound } from './bounds/arora-2019-generalization.js';
import { bartlett2020BenignBound } from './bounds/bartlett-2020-benign.js';
import { du2019GdRateBound } from './bounds/du-2019-gd-rate.js';
import { dziugaiteRoyPacBayesBound } from './bounds/dziugaite-roy-pac-bayes.js';
import { edgeOfStabilityBound } from './bounds/edge-of-stability.js';
import { elKarouiLinearizationBound } from './bounds/el-karoui-linearization.js';
import { hmrtRidgeBound } from './bounds/hmrt-ridge.js';
import { hmrtRidgelessBound } from './bounds/hmrt-ridgeless.js';
import { linearizedGdBound } from './bounds/linearized-gd.js';
import { marchenkoPasturBound } from './bounds/marchenko-pastur.js';
import { meiMontanariRfBound } from './bounds/mei-montanari-rf.js';
import { rademacherKernelBound } from './bounds/rademacher-kernel.js';
import { xu2023LinearNetBound } from './bounds/xu-2023-linear-net.js';

/** Every registered bound, sorted by id. Use {@link listBounds} / {@link getBound} to read it. */
export const ALL_BOUNDS: readonly AnyBound[] = [
  arora2019GeneralizationBound,
  bartlett2020BenignBound,
  du2019GdRateBound,
  dziugaiteRoyPacBayesBound,
  edgeOfStabilityBound,
  elKarouiLinearizationBound,
  hmrtRidgeBound,
  hmrtRidgelessBound,
  linearizedGdBound,
  marchenkoPasturBound,
  meiMontanariRfBound,
  rademacherKernelBound,
  xu2023LinearNetBound,
];
